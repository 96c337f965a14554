import { describe, expect, it } from 'vitest';
import type { DecisionSummary } from '../../../shared/domain';
import { approvalBlock } from './ApprovalPanel';

const held = (decidedBy: string, approval: DecisionSummary['approval']): DecisionSummary => ({
  decisionId: '00000000-0000-4000-8000-000000000001',
  caseId: 'VIO-1-0000574',
  decidedBy: { id: decidedBy, name: '赵磊' },
  decidedAt: 1,
  body: { kind: 'violation', outcome: { type: 'close_store' } },
  ruleRef: 'VIO-IP-2.6',
  reason: '多次售假，予以清退',
  approval,
});

describe('four-eyes in the console', () => {
  const pending: DecisionSummary['approval'] = { state: 'pending', grounds: ['FE-1'] };
  it('lets a supervisor other than the decider answer a pending decision', () => {
    expect(approvalBlock(held('sup-zhaolei', pending), { id: 'sup-chenjing', role: 'supervisor' })).toBeNull();
  });
  it('says why the decider, a non-supervisor, or an answered decision cannot', () => {
    expect(approvalBlock(held('sup-zhaolei', pending), { id: 'sup-zhaolei', role: 'supervisor' })).toBe('ownDecision');
    expect(approvalBlock(held('sup-zhaolei', pending), { id: 'arb-wangfang', role: 'arbiter' })).toBe('notSupervisor');
    const approved: DecisionSummary['approval'] = { state: 'approved', grounds: ['FE-1'], by: { id: 'sup-chenjing', name: '陈静' }, at: 2, reason: '证据充分', approvalId: '00000000-0000-4000-8000-000000000002' };
    expect(approvalBlock(held('sup-zhaolei', approved), { id: 'sup-chenjing', role: 'supervisor' })).toBe('notPending');
    expect(approvalBlock(held('sup-zhaolei', undefined), { id: 'sup-chenjing', role: 'supervisor' })).toBe('notPending');
  });
});
