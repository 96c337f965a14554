import { describe, expect, it } from 'vitest';
import { Case, type DecisionBody, type DecisionSummary } from '../domain';
import { ComplaintFacts, ViolationFacts, type CaseFacts } from '../rulebook';
import { appealCase, complaintCase, DAY, fixtureRulebook, refundCase, T0, violationCase } from '../rulebook/test-fixtures';
import { beijingDateZh, deadlineAfterMonths, merchantNoticeZh, statementJson, StatementOfReasons } from './index';

const rb = fixtureRulebook();

/** Personal data a case and its decision carry; none of it may reach a statement or notice. */
const PERSONAL = {
  buyerId: 'u-9f31c7e2',
  nickname: '爱穿新鞋的小鹿',
  phone: '186****5521',
  orderId: 'o-7733190042',
  creatorId: 'cr-host-5581',
  creatorName: '带货达人阿杰',
  staffId: 'arb-wang-fang',
  staffName: '王芳',
  supervisorName: '陈静主管',
  merchantName: '晋江步履鞋业旗舰店',
  chat: '我的地址是幸福路8号',
  reason: '买家小鹿自认穿了六天',
  justification: '与买家电话核实后决定',
} as const;

function withPersonalData(c: Case): Case {
  const raw = structuredClone(c) as Case;
  raw.merchant.name = PERSONAL.merchantName;
  raw.buyer = { id: PERSONAL.buyerId, nickname: PERSONAL.nickname, phoneMasked: PERSONAL.phone, priorDisputes: 3, flaggedMalicious: false };
  raw.history = [{ at: T0, actor: PERSONAL.staffName, event: 'note', detail: PERSONAL.chat }];
  raw.evidence = [{ sha256: 'a'.repeat(64), mediaType: 'image/jpeg', party: 'buyer', caption: `${PERSONAL.nickname}的开箱照片`, bytes: 10 }];
  if (raw.kind === 'refund_dispute') {
    raw.detail.order.id = PERSONAL.orderId;
    raw.detail.chat = [{ at: T0, from: 'buyer', text: PERSONAL.chat }];
    raw.detail.buyerStatement = `${PERSONAL.nickname}：${PERSONAL.chat}`;
  }
  if (raw.kind === 'merchant_complaint' && raw.detail.order) raw.detail.order.id = PERSONAL.orderId;
  if (raw.kind === 'violation') {
    raw.detail.creator = { id: PERSONAL.creatorId, name: PERSONAL.creatorName, followers: 1_000 };
    raw.detail.claim = `${PERSONAL.creatorName}说：${PERSONAL.chat}`;
  }
  if (raw.kind === 'appeal') {
    raw.detail.appellant = { type: 'creator', id: PERSONAL.creatorId, name: PERSONAL.creatorName };
    raw.detail.contested.decidedBy = { id: PERSONAL.staffId, name: PERSONAL.staffName };
  }
  return Case.parse(raw);
}

function decided(c: Case, body: DecisionBody, ruleRef: string, more: Partial<DecisionSummary> = {}): DecisionSummary {
  return {
    decisionId: '0b6f1f0e-6a55-4b0b-9d51-6a1e8c3f2a10', caseId: c.id, decidedBy: { id: PERSONAL.staffId, name: PERSONAL.staffName }, decidedAt: T0 + DAY,
    body, ruleRef, reason: PERSONAL.reason, rulebookVersion: rb.version, departure: false, ...more,
  };
}

function expectNoPersonalData(text: string): void {
  for (const [what, value] of Object.entries(PERSONAL)) expect(text.includes(value), `${what} leaked: ${value}`).toBe(false);
}

const fine = (amountFen: number): DecisionBody => ({ kind: 'violation', outcome: { type: 'fine', amountFen } });

describe('statement of reasons', () => {
  const violation = withPersonalData(violationCase({ category: 'false_advertising', severity: 'serious', subjectType: 'live_room', withCreator: true }));
  if (violation.kind === 'violation') {
    violation.detail.source = 'automated';
    violation.detail.modelScore = 0.91;
  }

  it('carries the Article 17 fields for a fine: type and scope, facts, automation, ground with version, redress with deadline', () => {
    const facts: CaseFacts = ViolationFacts.parse({ kind: 'violation' });
    const d = decided(violation, fine(30_000), 'VIO-C0-2.6');
    const s = statementJson({ decision: d, case: violation, rulebook: rb, facts });
    expect(StatementOfReasons.safeParse(s).success).toBe(true);
    expect(s.decision).toMatchObject({ type: 'fine', restriction: 'monetary', scope: { subject: 'live_room', amountFen: 30_000, productCategory: 'apparel' } });
    expect(s.decision.description.zh).toContain('罚款¥300.00');
    expect(s.facts.established.map((f) => f.code)).toEqual(expect.arrayContaining(['violation', 'prior_offences', 'ladder_step']));
    expect(s.facts.source.en).toMatch(/automated detection/);
    expect(s.automation).toMatchObject({ detection: 'automated', modelScore: 0.91, decision: 'not_automated' });
    expect(s.ground).toMatchObject({ rulebookVersion: '2099.01', ruleRef: 'VIO-C0-2.6', clause: { zh: '测试条款 VIO-C0-2.6' }, departure: false });
    expect(s.money).toEqual([{ payer: 'merchant', payee: 'platform', amountFen: 30_000, ruleRef: 'VIO-C0-2.6', purpose: 'fine' }]);
    expect(s.status).toBe('in_effect');
    expect(s.effectiveAt).toBe(d.decidedAt);
    expect(s.redress.map((r) => r.route)).toEqual(['appeal', 'out_of_court_settlement', 'judicial']);
    expect(s.redress[0]?.deadlineAt).toBe(deadlineAfterMonths(d.decidedAt, 6));
  });

  it('holds no personal data: not the buyer, the order, the creator, the staff, nor anything people wrote', () => {
    const cases = [
      { c: violation, body: fine(30_000), ref: 'VIO-C0-2.6' },
      { c: withPersonalData(refundCase({ guarantees: ['breakage_return'] })), body: { kind: 'refund_dispute', outcome: { type: 'partial_refund', amountFen: 10_000 } } as DecisionBody, ref: 'REF-BR-1' },
      { c: withPersonalData(complaintCase({ complaintType: 'arbitrary_fine', contestedFen: 30_000 })), body: { kind: 'merchant_complaint', outcome: { type: 'reverse', extent: 'full', remedy: 'refund_fine', amountFen: 30_000 } } as DecisionBody, ref: 'CMP-FN-1' },
      { c: withPersonalData(appealCase({ type: 'suspend_store', days: 15 }, 'creator')), body: { kind: 'appeal', outcome: { type: 'modify', suspendDays: 3 } } as DecisionBody, ref: 'APL-3' },
    ];
    for (const { c, body, ref } of cases) {
      const d = decided(c, body, ref, {
        departure: true, justification: PERSONAL.justification,
        approval: { state: 'approved', grounds: ['FE-3'], by: { id: 'sup-1', name: PERSONAL.supervisorName }, at: T0 + 2 * DAY, reason: PERSONAL.reason, approvalId: '4a1c2b3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' },
      });
      const s = statementJson({ decision: d, case: c, rulebook: rb });
      expectNoPersonalData(JSON.stringify(s));
      expectNoPersonalData(merchantNoticeZh(s));
      expect(s.fourEyes).toEqual({ required: true, state: 'approved' });
      expect(s.effectiveAt).toBe(T0 + 2 * DAY);
    }
  });

  it('keeps content ids but not a creator\'s id when the creator is the subject', () => {
    const creator = withPersonalData(violationCase({ subjectType: 'creator' }));
    if (creator.kind === 'violation') creator.detail.subject.id = PERSONAL.creatorId;
    const s = statementJson({ decision: decided(creator, { kind: 'violation', outcome: { type: 'remove_creator' } }, 'VIO-C0-2.10'), case: creator, rulebook: rb });
    expect(s.decision.scope).toMatchObject({ subject: 'creator', subjectId: null });
    expect(s.decision.restriction).toBe('account_termination');
    expectNoPersonalData(JSON.stringify(s));
  });

  it('marks a departure without repeating the justification, and cites no recommended clauses for it', () => {
    const c = withPersonalData(complaintCase({ complaintType: 'arbitrary_refund', contestedFen: 39_900 }));
    const f = ComplaintFacts.parse({ kind: 'merchant_complaint' });
    const d = decided(c, { kind: 'merchant_complaint', outcome: { type: 'reverse', extent: 'partial', remedy: 'recover_refund', amountFen: 20_000 } }, 'CMP-RF-1', { departure: true, justification: PERSONAL.justification });
    const s = statementJson({ decision: d, case: c, rulebook: rb, facts: f });
    expect(s.ground.departure).toBe(true);
    expect(s.ground.related).toEqual([]);
    expect(s.decision.restriction).toBe('restriction_reduced');
    expect(merchantNoticeZh(s)).toContain('本决定与规则建议的处理结果不同');
  });

  it('says a held decision is not in effect yet, and a sent-back one moves no money', () => {
    const pending = statementJson({ decision: decided(violation, fine(80_000), 'VIO-C0-2.7', { approval: { state: 'pending', grounds: ['FE-3'] } }), case: violation, rulebook: rb });
    expect([pending.status, pending.effectiveAt, pending.fourEyes.state, pending.money.length]).toEqual(['awaiting_approval', null, 'pending', 1]);
    const back = statementJson({
      decision: decided(violation, fine(80_000), 'VIO-C0-2.7', { approval: { state: 'rejected', grounds: ['FE-3'], by: { id: 'sup-1', name: 'x' }, at: T0 + 2 * DAY, reason: 'too heavy for a first offence', approvalId: '4a1c2b3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' } }),
      case: violation, rulebook: rb,
    });
    expect([back.status, back.effectiveAt, back.money]).toEqual(['sent_back', null, []]);
  });

  it('closes the internal route after an appeal or complaint decision, leaving the courts with their deadline', () => {
    const c = withPersonalData(appealCase({ type: 'fine', amountFen: 100_000 }));
    const s = statementJson({ decision: decided(c, { kind: 'appeal', outcome: { type: 'overturn' } }, 'APL-2'), case: c, rulebook: rb });
    expect(s.redress.map((r) => r.route)).toEqual(['out_of_court_settlement', 'judicial']);
    expect(s.redress[1]?.deadlineAt).toBe(deadlineAfterMonths(T0 + DAY, 36));
    expect(s.money).toEqual([{ payer: 'platform', payee: 'creator', amountFen: 100_000, ruleRef: 'APL-2', purpose: 'reversal' }]);
    expect(s.decision.restriction).toBe('restriction_lifted');
  });

  it('names the new kind of penalty when an appeal modifies product removal to a warning, in the statement and the merchant notice', () => {
    const c = withPersonalData(appealCase({ type: 'remove_product' }));
    const s = statementJson({ decision: decided(c, { kind: 'appeal', outcome: { type: 'modify', penalty: { type: 'warning' } } }, 'APL-3'), case: c, rulebook: rb });
    expect(s.decision.description.en).toBe('the appeal is partly upheld; the penalty (product removal) is reduced to a warning');
    expect(s.decision.description.zh).toBe('申诉部分成立，原处罚（商品下架）变更为警告');
    expect(s.decision.restriction).toBe('restriction_reduced');
    expect(s.money).toEqual([]);
    expect(merchantNoticeZh(s)).toContain('原处罚（商品下架）变更为警告');
  });

  it('refuses a decision of another case or checked against another rulebook version', () => {
    const other = withPersonalData(refundCase());
    expect(() => statementJson({ decision: decided(violation, fine(30_000), 'VIO-C0-2.6'), case: other, rulebook: rb })).toThrow(/not R1/);
    expect(() => statementJson({ decision: decided(violation, fine(30_000), 'VIO-C0-2.6', { rulebookVersion: '2026.11' }), case: violation, rulebook: rb })).toThrow(/2026\.11, not 2099\.01/);
  });
});

describe('merchant notice in Chinese', () => {
  it('states the decision, the clause with its text and version, the money and each redress deadline', () => {
    const c = withPersonalData(violationCase({ category: 'false_advertising', severity: 'serious' }));
    const s = statementJson({ decision: decided(c, fine(30_000), 'VIO-C0-2.6'), case: c, rulebook: rb });
    const notice = merchantNoticeZh(s);
    expect(notice).toMatch(/^平台治理决定通知书\n/);
    expect(notice).toContain('一、决定内容');
    expect(notice).toContain('第VIO-C0-2.6条：测试条款 VIO-C0-2.6');
    expect(notice).toContain('（2099.01版）');
    expect(notice).toContain('商家向平台支付¥300.00（罚款');
    const appealBy = s.redress[0]?.deadlineAt ?? 0;
    expect(notice).toContain(`请于${beijingDateZh(appealBy)}（北京时间）前提出`);
    expect(notice).toContain('未以自动化方式作出决定');
    // Mostly Chinese: more CJK characters than Latin letters.
    const cjk = notice.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
    const latin = notice.match(/[A-Za-z]/g)?.length ?? 0;
    expect(cjk).toBeGreaterThan(latin * 3);
  });

  it('counts deadlines in Beijing calendar days: a decision late on 31 August UTC is 1 September in Beijing', () => {
    const at = Date.UTC(2026, 7, 31, 20, 0, 0); // 1 September 04:00 in Beijing
    expect(beijingDateZh(at)).toBe('2026年9月1日');
    const deadline = deadlineAfterMonths(at, 6);
    expect(beijingDateZh(deadline)).toBe('2027年3月1日');
    expect(beijingDateZh(deadline + 1)).toBe('2027年3月2日');
  });
});
