/**
 * Merchant complaints: the remedies each complaint type allows, and whether the established
 * facts show the merchant was wronged (then: reverse with the type's remedy, fully or for the
 * established part) or not (uphold the original handling).
 */
import type { ComplaintRemedy, ComplaintType, MerchantComplaintCase, MerchantComplaintOutcome, RuleRef } from '../domain';
import { remedyCapFen } from './amounts';
import { clauses, fact } from './clauses';
import type { ComplaintFacts } from './facts';
import { complaintLedger } from './ledger';
import { formatYuan } from './money';
import type { Rulebook } from './schema';
import { breach, type Breach, type Fact, type Recommendation } from './types';

export const REMEDY_NAMES: Readonly<Record<ComplaintRemedy, { zh: string; en: string }>> = {
  recover_refund: { zh: '追回退款', en: 'recover the refund' },
  refund_fine: { zh: '退还罚款', en: 'refund the fine' },
  restore_store: { zh: '恢复店铺', en: 'restore the store' },
  release_deposit: { zh: '释放保证金', en: 'release the deposit' },
};

export function allowedRemedies(type: ComplaintType, rb: Rulebook): readonly ComplaintRemedy[] {
  return rb.complaints.types[type].allowedRemedies;
}

/** Whether the facts show the merchant was wronged, and the facts that say so. */
export function complaintSupport(c: MerchantComplaintCase, f: ComplaintFacts, rb: Rulebook): { supported: boolean; facts: Fact[]; refs: RuleRef[] } {
  const rules = rb.complaints.types[c.detail.complaintType];
  const facts: Fact[] = [];
  const refs: RuleRef[] = [];
  switch (rules.test) {
    case 'buyer_fault': {
      if (f.worn) facts.push(fact('returned_worn', '退回商品有穿用痕迹', 'the goods came back worn'));
      if (f.returnedDamaged) facts.push(fact('returned_damaged', '退回商品已损坏', 'the goods came back damaged'));
      if (f.buyerCausedDamage) facts.push(fact('buyer_caused_damage', '损坏系买家签收后造成', 'the buyer caused the damage after delivery'));
      const fault = f.worn || f.returnedDamaged || f.buyerCausedDamage;
      if (!fault) facts.push(fact('no_buyer_fault', '未认定买家责任', 'no fault of the buyer established'));
      facts.push(f.merchantEvidenceCredible
        ? fact('merchant_evidence_credible', '商家证据可信且切题', 'the merchant\'s evidence is credible and on point')
        : fact('merchant_evidence_insufficient', '商家证据不足', 'the merchant\'s evidence does not establish its account'));
      if (f.arrivedDamaged) facts.push(fact('arrived_damaged', '买家证据显示到货时即有破损或缺陷：商家对退回商品的照片不能证明损坏系买家造成', 'the buyer\'s evidence shows the goods were damaged or defective on arrival: the merchant\'s photos of the returned item do not show the buyer caused it'));
      return { supported: fault && f.merchantEvidenceCredible && !f.arrivedDamaged, facts, refs };
    }
    case 'no_rule_broken': {
      facts.push(f.ruleBroken
        ? fact('rule_broken', '经复核，商家确有违规', 'on review, the merchant did break the rule')
        : fact('no_rule_broken', '经复核，商家未违反所引规则', 'on review, the merchant broke no rule the penalty cites'));
      if (f.buyerCausedDamage) facts.push(fact('buyer_caused_damage', '损坏系买家签收后造成，非商家违规', 'the buyer caused the damage after delivery; no fault of the merchant'));
      if (f.priorNotice === false) {
        if (f.ruleBroken) refs.push(rb.complaints.refs.noticeDefect);
        facts.push(f.ruleBroken
          ? fact('no_prior_notice', '处罚前未通知：记录通知缺陷，违规成立则处罚维持', 'no prior notice: the defect is recorded, but the penalty stands as the rule was broken')
          : fact('no_prior_notice', '处罚前未通知商家', 'the merchant had no prior notice'));
      }
      return { supported: !f.ruleBroken, facts, refs };
    }
    case 'no_open_obligations':
      facts.push(f.depositObligationsOpen
        ? fact('deposit_obligations_open', '仍有未结纠纷或处罚，保证金继续冻结', 'open disputes or penalties still justify holding the deposit')
        : fact('no_open_obligations', '无未结纠纷或处罚', 'no open disputes or penalties remain'));
      return { supported: !f.depositObligationsOpen, facts, refs };
    case 'none':
      facts.push(fact('no_rule_remedy', '本类投诉无规则化补救，维持原处理；改变须书面说明理由', 'the rulebook gives no remedy for this complaint type: the handling stands unless the arbiter justifies a departure'));
      return { supported: false, facts, refs };
  }
}

/** Full reversals of money remedies name the whole amount, so equal decisions compare equal. */
export function normalizeComplaintOutcome(c: MerchantComplaintCase, outcome: MerchantComplaintOutcome): MerchantComplaintOutcome {
  if (outcome.type !== 'reverse' || outcome.extent !== 'full' || outcome.amountFen !== undefined) return outcome;
  const cap = remedyCapFen(c, outcome.remedy);
  return cap === null ? outcome : { ...outcome, amountFen: cap };
}

export function recommendComplaint(c: MerchantComplaintCase, f: ComplaintFacts, rb: Rulebook): Recommendation {
  const rules = rb.complaints.types[c.detail.complaintType];
  const support = complaintSupport(c, f, rb);
  const facts = [...support.facts];
  let outcome: MerchantComplaintOutcome = { type: 'uphold' };
  let ruleRef: RuleRef = rules.test === 'none' ? rules.ref : rb.complaints.refs.upheld;
  const refs: RuleRef[] = [];
  if (support.supported && rules.remedy !== null) {
    const remedy = rules.remedy;
    const remedyRules = rb.complaints.remedies[remedy];
    const cap = remedyCapFen(c, remedy);
    if (cap === null) {
      outcome = { type: 'reverse', extent: 'full', remedy };
      ruleRef = rules.ref;
    } else if (cap === 0) {
      facts.push(fact('amount_unknown', '争议金额不明，无法建议退还金额', 'the contested amount is unknown, so no money reversal can be recommended'));
    } else {
      const partial = f.establishedAmountFen !== undefined && f.establishedAmountFen < cap;
      const amountFen = partial && f.establishedAmountFen !== undefined ? f.establishedAmountFen : cap;
      outcome = { type: 'reverse', extent: partial ? 'partial' : 'full', remedy, amountFen };
      ruleRef = rules.ref;
      const payer = remedyRules.payer ?? 'platform';
      facts.push(fact('remedy_amount', `${REMEDY_NAMES[remedy].zh}${formatYuan(amountFen)}${partial ? `（争议金额${formatYuan(cap)}中经认定的部分）` : ''}`,
        `${REMEDY_NAMES[remedy].en}: ${formatYuan(amountFen)}${partial ? ` (the established part of ${formatYuan(cap)})` : ''}, paid by ${payer}`));
    }
    if (outcome.type === 'reverse') refs.push(remedyRules.ref);
  }
  const remedy = outcome.type === 'reverse' ? REMEDY_NAMES[outcome.remedy] : null;
  facts.push(remedy
    ? fact('recommended', `建议：撤销原处理，${remedy.zh}`, `recommended: reverse the handling and ${remedy.en}`)
    : fact('recommended', '建议：维持原处理', 'recommended: uphold the original handling'));
  const ledger = complaintLedger(c, outcome, rb, ruleRef);
  const payer = outcome.type === 'reverse' ? rb.complaints.remedies[outcome.remedy].payer : null;
  return {
    rulebookVersion: rb.version,
    body: { kind: 'merchant_complaint', outcome },
    ruleRef,
    clauses: clauses(rb, [ruleRef, rules.ref, ...refs, ...support.refs]),
    facts,
    ...(payer !== null && ledger.length > 0 ? { costBearer: payer } : {}),
    ledger,
  };
}

/** Where a complaint decision breaks the rulebook; empty when it may stand. */
export function checkComplaint(c: MerchantComplaintCase, outcome: MerchantComplaintOutcome, _f: ComplaintFacts, rb: Rulebook): Breach[] {
  if (outcome.type === 'uphold') return [];
  const type = c.detail.complaintType;
  const rules = rb.complaints.types[type];
  const amountRef = rb.complaints.refs.amountCap;
  const breaches: Breach[] = [];
  if (!rules.allowedRemedies.includes(outcome.remedy)) {
    const allowed = rules.allowedRemedies.map((r) => REMEDY_NAMES[r].en).join(', ') || 'no reversal';
    breaches.push(breach('remedy_not_allowed', { ruleRef: rules.ref, remedy: outcome.remedy, complaintType: type, remedies: [...rules.allowedRemedies] },
      `"${REMEDY_NAMES[outcome.remedy].en}" is not a remedy for a complaint of ${type.replace(/_/g, ' ')}; allowed: ${allowed}`));
  }
  const cap = remedyCapFen(c, outcome.remedy);
  const amount = outcome.amountFen;
  if (cap === null) {
    if (amount !== undefined && amount > 0) breaches.push(breach('restore_moves_no_money', { ruleRef: amountRef }, 'restoring a store moves no money'));
    if (outcome.extent === 'partial') breaches.push(breach('restore_is_whole', { ruleRef: amountRef }, 'a store is restored in full or not at all'));
    return breaches;
  }
  if (cap === 0) {
    breaches.push(breach('no_contested_amount', { ruleRef: amountRef }, 'no contested amount is known, so no money can be returned'));
  } else if (outcome.extent === 'full') {
    if (amount !== undefined && amount !== cap) breaches.push(breach('full_reversal_amount', { ruleRef: amountRef, capFen: cap, amountFen: amount }, `a full reversal returns the whole ${formatYuan(cap)}, not ${formatYuan(amount)}`));
  } else if (amount === undefined || amount < 1) {
    breaches.push(breach('partial_needs_amount', { ruleRef: amountRef }, 'a partial reversal names the amount returned'));
  } else if (amount >= cap) {
    breaches.push(breach('partial_not_below', { ruleRef: amountRef, capFen: cap, amountFen: amount }, `a partial reversal returns less than the contested ${formatYuan(cap)}; ${formatYuan(amount)} is not`));
  }
  return breaches;
}
