/**
 * Violations: category × severity × repeat offences → a step of the penalty ladder.
 * Monotone by construction: the entry step rises with severity (integrity.ts), each prior
 * offence adds steps, the ladder never descends, and the first-minor-without-harm warning
 * sits at the bottom of every ladder.
 */
import type { RuleRef, Severity, ViolationCase, ViolationCategory, ViolationOutcome } from '../domain';
import { clauses, fact } from './clauses';
import type { ViolationFacts } from './facts';
import { violationLedger } from './ledger';
import { formatYuan } from './money';
import { describePenalty, penaltyRank } from './penalty';
import type { Rulebook } from './schema';
import { breach, type Breach, type Fact, type Recommendation } from './types';

export const CATEGORY_NAMES: Readonly<Record<ViolationCategory, { zh: string; en: string }>> = {
  false_advertising: { zh: '虚假宣传', en: 'false or exaggerated advertising' },
  inducement_interaction: { zh: '诱导互动', en: 'inducement interaction' },
  blind_box: { zh: '盲盒违规', en: 'blind-box violation' },
  fraudulent_marketing: { zh: '欺诈营销', en: 'fraudulent marketing' },
  price_fraud: { zh: '价格欺诈', en: 'price fraud' },
  counterfeit_ip: { zh: '假冒及知识产权侵权', en: 'counterfeit or IP infringement' },
  poor_quality: { zh: '商品质量不合格', en: 'poor quality' },
  prohibited_goods: { zh: '禁售商品', en: 'prohibited goods' },
  minors_harm: { zh: '侵害未成年人', en: 'harm to minors' },
};

export const SEVERITY_NAMES: Readonly<Record<Severity, { zh: string; en: string }>> = {
  minor: { zh: '轻微', en: 'minor' },
  general: { zh: '一般', en: 'general' },
  serious: { zh: '严重', en: 'serious' },
  extremely_serious: { zh: '特别严重', en: 'extremely serious' },
};

/** Everything the ladder depends on, once facts have been applied to the case. */
export interface Offence {
  category: ViolationCategory;
  severity: Severity;
  priorOffences: number;
  harm: boolean;
  /** The subject is a creator: the final step removes the creator rather than closing a store. */
  subjectIsCreator: boolean;
  confirmed: boolean;
}

export interface PenaltyFinding {
  outcome: ViolationOutcome;
  /** The clause a decision following the finding cites. */
  ruleRef: RuleRef;
  refs: RuleRef[];
  facts: Fact[];
}

export function offenceOf(c: ViolationCase, facts: ViolationFacts): Offence {
  return {
    category: c.detail.violationCategory,
    severity: facts.severity ?? c.detail.severity,
    priorOffences: facts.priorOffences ?? c.merchant.priorViolations,
    harm: facts.harm ?? c.detail.harm,
    subjectIsCreator: c.detail.subject.type === 'creator',
    confirmed: facts.violationConfirmed,
  };
}

/** The penalty the rulebook gives for an offence. */
export function penaltyFor(o: Offence, rb: Rulebook): PenaltyFinding {
  const v = rb.violations;
  if (!o.confirmed) {
    return {
      outcome: { type: 'dismiss' },
      ruleRef: v.refs.noViolation,
      refs: [v.refs.noViolation],
      facts: [fact('violation_not_confirmed', '经审核，违规不成立', 'on review, no violation is established')],
    };
  }
  const rules = v.categories[o.category];
  const cat = CATEGORY_NAMES[o.category];
  const sev = SEVERITY_NAMES[o.severity];
  const facts: Fact[] = [
    fact('violation', `${cat.zh}，${sev.zh}违规`, `${cat.en}, ${sev.en} severity`),
    fact('prior_offences', `${v.repeatWindowDays}天内已有${o.priorOffences}次违规`, `${o.priorOffences} prior violations in the ${v.repeatWindowDays}-day window`),
    fact('harm', o.harm ? '已造成危害后果' : '未造成危害后果', o.harm ? 'harm resulted' : 'no harm resulted'),
  ];
  if (o.severity === 'minor' && o.priorOffences === 0 && !o.harm) {
    return {
      outcome: { type: 'warning' },
      ruleRef: v.refs.firstMinorWithoutHarm,
      refs: [v.refs.firstMinorWithoutHarm, rules.ref],
      facts: [...facts, fact('first_minor_without_harm', '首次轻微违规且未造成危害：警告', 'a first minor offence without harm: a warning')],
    };
  }
  const last = rules.ladder.length - 1;
  const index = Math.min(rules.entry[o.severity] + o.priorOffences * rules.stepsPerRepeat, last);
  // The schema bounds entries by the ladder and the ladder has at least one step.
  const step = rules.ladder[index] ?? rules.ladder[last];
  if (!step) throw new Error(`rulebook ${rb.version}: the ${o.category} ladder is empty`);
  const refs: RuleRef[] = [step.ref, rules.ref];
  if (o.priorOffences > 0 && rules.stepsPerRepeat > 0) refs.push(v.refs.repeatEscalation);
  facts.push(fact('ladder_step', `处罚阶梯第${index + 1}级（共${last + 1}级）`, `ladder step ${index + 1} of ${last + 1}`));
  let outcome = step.outcome;
  if (o.subjectIsCreator && outcome.type === 'close_store') {
    outcome = { type: 'remove_creator' };
    refs.push(v.refs.creatorTerminal);
    facts.push(fact('creator_terminal', '对象为创作者：最高一级为清退', 'the subject is a creator: the final step is removal'));
  }
  return { outcome, ruleRef: step.ref, refs, facts };
}

function finePayer(c: ViolationCase): 'creator' | 'merchant' {
  return c.detail.subject.type === 'creator' ? 'creator' : 'merchant';
}

export function recommendViolation(c: ViolationCase, facts: ViolationFacts, rb: Rulebook): Recommendation {
  const found = penaltyFor(offenceOf(c, facts), rb);
  const penalty = describePenalty(found.outcome);
  const ledger = violationLedger(found.outcome, finePayer(c), found.ruleRef, rb);
  return {
    rulebookVersion: rb.version,
    body: { kind: 'violation', outcome: found.outcome },
    ruleRef: found.ruleRef,
    clauses: clauses(rb, found.refs),
    facts: [...found.facts, fact('recommended', `建议：${penalty.zh}`, `recommended: ${penalty.en}`)],
    ...(ledger.length > 0 ? { costBearer: finePayer(c) } : {}),
    ledger,
  };
}

/** Where a violation decision breaks the rulebook; empty when it may stand. */
export function checkViolation(c: ViolationCase, outcome: ViolationOutcome, facts: ViolationFacts, rb: Rulebook): Breach[] {
  const breaches: Breach[] = [];
  const v = rb.violations;
  const rules = v.categories[c.detail.violationCategory];
  const category = c.detail.violationCategory;
  const cat = CATEGORY_NAMES[category].en;
  if (!facts.violationConfirmed && outcome.type !== 'dismiss') {
    breaches.push(breach('violation_not_established', { ruleRef: v.refs.noViolation }, 'no violation is established, so no penalty may be imposed'));
  }
  if (outcome.type === 'fine' && outcome.amountFen > rules.maxFineFen) {
    breaches.push(breach('fine_above_maximum', { ruleRef: rules.ref, amountFen: outcome.amountFen, maxFen: rules.maxFineFen, category },
      `a fine of ${formatYuan(outcome.amountFen)} is above the ${cat} maximum of ${formatYuan(rules.maxFineFen)}`));
  }
  if (outcome.type === 'suspend_store' && outcome.days > rules.maxSuspendDays) {
    breaches.push(breach('suspension_above_maximum', { ruleRef: rules.ref, days: outcome.days, maxDays: rules.maxSuspendDays, category },
      `a suspension of ${outcome.days} days is above the ${cat} maximum of ${rules.maxSuspendDays} days`));
  }
  if (outcome.type === 'deduct_points' && outcome.points > rules.maxPoints) {
    breaches.push(breach('points_above_maximum', { ruleRef: rules.ref, points: outcome.points, maxPoints: rules.maxPoints, category },
      `a deduction of ${outcome.points} points is above the ${cat} maximum of ${rules.maxPoints}`));
  }
  if (outcome.type === 'remove_creator' && c.detail.subject.type !== 'creator' && c.detail.creator === null) {
    breaches.push(breach('no_creator_to_remove', { ruleRef: v.refs.creatorRequired }, 'there is no creator in this case to remove'));
  }
  if (facts.violationConfirmed) {
    const recommended = penaltyFor(offenceOf(c, facts), rb).outcome;
    const above = penaltyRank(outcome) - penaltyRank(recommended);
    if (above > v.maxRanksAboveRecommended) {
      breaches.push(breach(
        'penalty_above_ladder',
        { ruleRef: v.refs.proportionality, penalty: { kind: 'violation', outcome }, ladder: { kind: 'violation', outcome: recommended }, rungs: above, maxRungs: v.maxRanksAboveRecommended },
        `${describePenalty(outcome).en} is ${above} rungs above the ${describePenalty(recommended).en} the ladder gives; at most ${v.maxRanksAboveRecommended} are allowed`,
      ));
    }
  }
  return breaches;
}
