/**
 * Appeals of violation penalties: uphold, overturn (the ledger of the original is reversed)
 * or modify — which lowers a fine, shortens a suspension, or puts a lighter step of the
 * penalty ladder in place of the contested one (`penalty`: product removal → warning). A
 * modification never raises the penalty, never lowers it to nothing (that is an overturn) and
 * never imposes a fine where none was: an appeal gives money back, it takes none.
 */
import type { AppealCase, AppealOutcome, RuleRef, ViolationOutcome } from '../domain';
import { clauses, fact } from './clauses';
import { contestedFinding } from './contested';
import type { AppealFacts } from './facts';
import { appealLedger } from './ledger';
import { formatYuan } from './money';
import { comparePenalties, describePenalty } from './penalty';
import type { Rulebook } from './schema';
import { breach, type Breach, type Fact, type Recommendation } from './types';

function samePenalty(a: ViolationOutcome, b: ViolationOutcome): boolean {
  return a.type === b.type && comparePenalties(a, b) === 0;
}

export function recommendAppeal(c: AppealCase, f: AppealFacts, rb: Rulebook): Recommendation {
  const refs = rb.appeals.refs;
  const contested = c.detail.contested.outcome;
  const was = describePenalty(contested);
  const facts: Fact[] = [fact('contested', `被申诉处罚：${was.zh}`, `the contested penalty: ${was.en}`)];
  let outcome: AppealOutcome = { type: 'uphold' };
  let ruleRef: RuleRef = refs.uphold;
  const cited: RuleRef[] = [];
  // How the ladder gives `rulebookOutcome`, when it was computed from the contested violation.
  const ladder = contestedFinding(c, rb);
  const fromLadder = ladder !== null && f.rulebookOutcome !== undefined && samePenalty(ladder.outcome, f.rulebookOutcome);
  const ladderFacts = fromLadder ? [...ladder.facts, fact('rulebook_outcome', `规则阶梯对应处罚：${describePenalty(ladder.outcome).zh}`, `the ladder gives ${describePenalty(ladder.outcome).en}`)] : [];
  const ladderRefs = fromLadder ? ladder.refs : [];

  if (!f.violationEstablished) {
    outcome = { type: 'overturn' };
    ruleRef = refs.overturn;
    facts.push(fact('violation_not_established', '经复核，违规不成立', 'on review, the violation is not established'));
  } else if (f.rulebookOutcome && comparePenalties(f.rulebookOutcome, contested) < 0) {
    const should = f.rulebookOutcome;
    const now = describePenalty(should);
    facts.push(fact('rulebook_lighter', `规则对应处罚为${now.zh}，轻于原处罚`, `the rulebook gives ${now.en}, lighter than the contested penalty`));
    if (should.type === 'fine' && contested.type === 'fine') {
      outcome = { type: 'modify', fineFen: should.amountFen };
      ruleRef = refs.modifyLowers;
    } else if (should.type === 'suspend_store' && contested.type === 'suspend_store') {
      outcome = { type: 'modify', suspendDays: should.days };
      ruleRef = refs.modifyLowers;
    } else if (newPenaltyBreaches(contested, { type: 'modify', penalty: should }, refs).length === 0) {
      outcome = { type: 'modify', penalty: should };
      ruleRef = refs.modifyLowers;
    } else {
      // No lighter step a modification may impose (a new fine, or nothing): overturn, so the violation can be decided afresh.
      outcome = { type: 'overturn' };
      ruleRef = refs.overturn;
      cited.push(refs.modifyKeepsType);
      facts.push(fact('type_change_needs_overturn', '申诉不能改变处罚类型：撤销原处罚后重新处理', 'an appeal cannot change the kind of penalty: overturn, and decide the violation afresh'));
    }
  } else {
    facts.push(fact('penalty_stands', '违规成立，处罚与规则相符', 'the violation is established and the penalty matches the rulebook'));
  }
  const ledger = appealLedger(c, outcome, rb, ruleRef);
  if (outcome.type === 'overturn') cited.push(refs.reversal);
  const established = f.violationEstablished;
  return {
    rulebookVersion: rb.version,
    body: { kind: 'appeal', outcome },
    ruleRef,
    clauses: clauses(rb, [ruleRef, ...cited, ...(established ? ladderRefs : [])]),
    facts: established ? [facts[0] as Fact, ...ladderFacts, ...facts.slice(1)] : facts,
    ...(ledger.length > 0 ? { costBearer: rb.violations.finePayee } : {}),
    ledger,
  };
}

/** Where an appeal decision breaks the rulebook; empty when it may stand. */
export function checkAppeal(c: AppealCase, outcome: AppealOutcome, _f: AppealFacts, rb: Rulebook): Breach[] {
  if (outcome.type !== 'modify') return [];
  const refs = rb.appeals.refs;
  const contested = c.detail.contested.outcome;
  if (outcome.penalty !== undefined) return newPenaltyBreaches(contested, outcome, refs);
  const breaches: Breach[] = [];
  if (contested.type === 'fine') {
    if (outcome.suspendDays !== undefined) breaches.push(breach('modify_keeps_fine', { ruleRef: refs.modifyKeepsType }, 'the contested penalty is a fine: a modification cannot impose a suspension'));
    if (outcome.fineFen === undefined) breaches.push(breach('modify_names_fine', { ruleRef: refs.modifyKeepsType }, 'a modification of a fine names the lower fine'));
    else if (outcome.fineFen >= contested.amountFen) {
      breaches.push(breach('modify_fine_not_lower', { ruleRef: refs.modifyLowers, fineFen: outcome.fineFen, contestedFen: contested.amountFen },
        `a modification may only lower the fine: ${formatYuan(outcome.fineFen)} is not below ${formatYuan(contested.amountFen)}`));
    } else if (outcome.fineFen < 1) breaches.push(breach('modify_fine_to_nothing', { ruleRef: refs.overturn }, 'lowering a fine to nothing is an overturn'));
  } else if (contested.type === 'suspend_store') {
    if (outcome.fineFen !== undefined) breaches.push(breach('modify_keeps_suspension', { ruleRef: refs.modifyKeepsType }, 'the contested penalty is a suspension: a modification cannot impose a fine'));
    if (outcome.suspendDays === undefined) breaches.push(breach('modify_names_days', { ruleRef: refs.modifyKeepsType }, 'a modification of a suspension names the shorter period'));
    else if (outcome.suspendDays >= contested.days) {
      breaches.push(breach('modify_days_not_shorter', { ruleRef: refs.modifyLowers, days: outcome.suspendDays, contestedDays: contested.days },
        `a modification may only shorten the suspension: ${outcome.suspendDays} days is not below ${contested.days}`));
    } else if (outcome.suspendDays < 1) breaches.push(breach('modify_days_to_nothing', { ruleRef: refs.overturn }, 'shortening a suspension to nothing is an overturn'));
  } else {
    breaches.push(breach('modify_not_fine_or_suspension', { ruleRef: refs.modifyKeepsType, contested: { kind: 'violation', outcome: contested } },
      `a fine is lowered and a suspension shortened; ${describePenalty(contested).en} is modified only to a lighter kind of penalty, or upheld or overturned`));
  }
  return breaches;
}

type ModifyOutcome = Extract<AppealOutcome, { type: 'modify' }>;
type AppealRefs = Rulebook['appeals']['refs'];

/**
 * What is wrong with a modification to another penalty (`penalty`), null when it may stand: it
 * stands alone (no fine or days beside it), is a strictly lighter step of the ladder (or a lower
 * fine in place of a fine), is not "no penalty" (an overturn), and imposes no fine where the
 * contested penalty had none.
 */
function newPenaltyProblem(contested: ViolationOutcome, outcome: ModifyOutcome): 'alone' | 'to_nothing' | 'not_lighter' | 'new_fine' | null {
  const penalty = outcome.penalty;
  if (penalty === undefined) return null;
  if (outcome.fineFen !== undefined || outcome.suspendDays !== undefined) return 'alone';
  if (penalty.type === 'dismiss') return 'to_nothing';
  if (comparePenalties(penalty, contested) >= 0) return 'not_lighter';
  if (penalty.type === 'fine' && contested.type !== 'fine') return 'new_fine';
  return null;
}

export function newPenaltyBreaches(contested: ViolationOutcome, outcome: ModifyOutcome, refs: AppealRefs): Breach[] {
  const penalty = outcome.penalty;
  if (penalty === undefined) return [];
  switch (newPenaltyProblem(contested, outcome)) {
    case null: return [];
    case 'alone': return [breach('modify_penalty_alone', { ruleRef: refs.modifyKeepsType }, 'a modification to a lighter penalty names that penalty alone, without a fine or suspension days beside it')];
    case 'to_nothing': return [breach('modify_penalty_to_nothing', { ruleRef: refs.overturn }, 'modifying a penalty to no penalty is an overturn')];
    case 'not_lighter':
      return [breach('modify_penalty_not_lighter', { ruleRef: refs.modifyLowers, penalty: { kind: 'violation', outcome: penalty }, contested: { kind: 'violation', outcome: contested } },
        `a modification may only choose a lighter penalty: ${describePenalty(penalty).en} is not lighter than ${describePenalty(contested).en}`)];
    case 'new_fine': return [breach('modify_penalty_new_fine', { ruleRef: refs.modifyKeepsType }, `an appeal imposes no fine where the contested penalty (${describePenalty(contested).en}) had none`)];
  }
}

/** The penalty in force after an appeal outcome (for display and for the case service to apply). */
export function penaltyAfterAppeal(c: AppealCase, outcome: AppealOutcome): ViolationOutcome {
  const contested = c.detail.contested.outcome;
  if (outcome.type === 'uphold') return contested;
  if (outcome.type === 'overturn') return { type: 'dismiss' };
  if (outcome.penalty !== undefined) {
    return newPenaltyProblem(contested, outcome) === null ? outcome.penalty : contested;
  }
  if (contested.type === 'fine' && outcome.fineFen !== undefined && outcome.fineFen >= 1 && outcome.fineFen < contested.amountFen) return { type: 'fine', amountFen: outcome.fineFen };
  if (contested.type === 'suspend_store' && outcome.suspendDays !== undefined && outcome.suspendDays >= 1 && outcome.suspendDays < contested.days) return { type: 'suspend_store', days: outcome.suspendDays };
  return contested;
}
