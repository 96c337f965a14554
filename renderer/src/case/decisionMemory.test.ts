import { describe, expect, it } from 'vitest';
import type { Session } from '../../../shared/api';
import { createConsoleQueryClient } from '../data/ask';
import { queryKeys } from '../data/queryKeys';
import { trackSignIn } from '../data/signIn';
import { emptyDraft } from './decisionForm';
import { DecisionMemory } from './decisionMemory';

const CLIENT = '00000000-0000-4000-8000-000000000001';
const OTHER_CLIENT = '00000000-0000-4000-8000-000000000002';
const zhang = { staffId: 'mod-zhangwei', clientId: CLIENT };
const li = { staffId: 'mod-lina', clientId: CLIENT };
const draft = { ...emptyDraft('violation'), outcome: 'warning', ruleRef: 'VIO-FA-2.1', reason: '虚假宣传，首次违规' };

function session(staffId: string, clientId = CLIENT): Session {
  return { staff: { id: staffId, name: staffId, role: 'moderator' }, clientId, serverUrl: 'http://127.0.0.1:1' };
}

describe('the decision form memory belongs to one sign-in', () => {
  it('carries the last draft and the cited clauses to the next case for the same reviewer', () => {
    const memory = new DecisionMemory();
    memory.signIn(zhang);
    memory.decided('violation', draft, 'VIO-FA-2.1');
    memory.decided('violation', draft, 'VIO-LS-1');
    memory.signIn({ ...zhang });
    expect(memory.lastDraft('violation')).toEqual(draft);
    expect(memory.lastDraft('appeal')).toBeUndefined();
    expect(memory.recentRules('violation')).toEqual(['VIO-LS-1', 'VIO-FA-2.1']);
  });

  it('shows another reviewer nothing of the previous one, nor the first reviewer after them', () => {
    const memory = new DecisionMemory();
    memory.signIn(zhang);
    memory.decided('violation', draft, 'VIO-FA-2.1');
    memory.signIn(li);
    expect(memory.lastDraft('violation')).toBeUndefined();
    expect(memory.recentRules('violation')).toEqual([]);
    memory.signIn(zhang);
    expect(memory.lastDraft('violation')).toBeUndefined();
  });

  it('starts empty for the same reviewer on another console', () => {
    const memory = new DecisionMemory();
    memory.signIn(zhang);
    memory.decided('violation', draft, 'VIO-FA-2.1');
    memory.signIn({ ...zhang, clientId: OTHER_CLIENT });
    expect(memory.lastDraft('violation')).toBeUndefined();
  });

  it('keeps nothing before anyone signed in', () => {
    const memory = new DecisionMemory();
    memory.decided('violation', draft, 'VIO-FA-2.1');
    memory.signIn(zhang);
    expect(memory.lastDraft('violation')).toBeUndefined();
  });
});

describe('a sign-in change', () => {
  it('drops the previous staff member cached data and drafts, and keeps them for the same one', () => {
    const client = createConsoleQueryClient();
    const memory = new DecisionMemory();
    const signedIn = trackSignIn(client, memory);
    signedIn(session('mod-zhangwei'));
    client.setQueryData(queryKeys.case('violation', 'V-1'), 'zhang sees V-1');
    client.setQueryData(queryKeys.pref('queue.violation.last'), { status: ['open'] });
    memory.decided('violation', draft, 'VIO-FA-2.1');

    signedIn(session('mod-zhangwei'));
    expect(client.getQueryData(queryKeys.case('violation', 'V-1'))).toBe('zhang sees V-1');
    expect(memory.lastDraft('violation')).toEqual(draft);

    client.setQueryData(queryKeys.session, session('mod-lina'));
    signedIn(session('mod-lina'));
    expect(client.getQueryData(queryKeys.case('violation', 'V-1'))).toBeUndefined();
    expect(client.getQueryData(queryKeys.pref('queue.violation.last'))).toBeUndefined();
    expect(client.getQueryData(queryKeys.session), 'the session itself stays').toEqual(session('mod-lina'));
    expect(memory.lastDraft('violation')).toBeUndefined();
  });
});
