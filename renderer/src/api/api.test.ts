import { describe, expect, it } from 'vitest';
import { createClient } from './client';
import { backoffDelay } from './webTransport';
import { takeToken, tokenFromHash } from './token';
import type { Transport } from './transport';

function fakeTransport(answer: unknown): Transport & { emit: (e: string, p: unknown) => void } {
  const listeners = new Map<string, (p: unknown) => void>();
  return {
    mode: 'web',
    invoke: async () => answer,
    on: (e, cb) => {
      listeners.set(e, cb);
      return () => listeners.delete(e);
    },
    onReconnect: () => () => undefined,
    evidenceUrl: (sha256) => `evidence://docket/${sha256}`,
    emit: (e, p) => listeners.get(e)?.(p),
  };
}

describe('typed client', () => {
  it('parses outputs with the contract', async () => {
    const api = createClient(fakeTransport({ ok: true, value: { count: 1_000_000 } }));
    expect(await api.invoke('queue.count', { kind: 'violation' })).toEqual({ ok: true, value: { count: 1_000_000 } });
  });
  it('turns an answer off the contract into an error, not a crash', async () => {
    const api = createClient(fakeTransport({ ok: true, value: { count: 'many' } }));
    const r = await api.invoke('queue.count', { kind: 'violation' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('internal');
  });
  it('passes refusals through with their words', async () => {
    const api = createClient(fakeTransport({ ok: false, error: { code: 'forbidden', message: 'moderators cannot decide appeals' } }));
    expect(await api.invoke('case.get', { caseId: 'A-1' })).toEqual({ ok: false, error: { code: 'forbidden', message: 'moderators cannot decide appeals' } });
  });
  it('drops malformed events', () => {
    const t = fakeTransport(null);
    const api = createClient(t);
    const got: unknown[] = [];
    api.on('data.changed', (p) => got.push(p));
    t.emit('data.changed', { kinds: ['nope'] });
    t.emit('data.changed', { kinds: ['violation'] });
    expect(got).toEqual([{ kinds: ['violation'] }]);
  });
});

describe('web transport helpers', () => {
  it('reads the token from the fragment once, then from session storage', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    let cleared = 0;
    expect(tokenFromHash('#token=abc123')).toBe('abc123');
    expect(takeToken({ hash: '#token=abc123', storage, clearHash: () => cleared++ })).toBe('abc123');
    expect(cleared).toBe(1);
    expect(takeToken({ hash: '', storage, clearHash: () => cleared++ })).toBe('abc123');
    expect(cleared).toBe(1);
  });
  it('backs off up to ten seconds', () => {
    expect(backoffDelay(0, () => 0.5)).toBe(250);
    expect(backoffDelay(3, () => 0.5)).toBe(2000);
    expect(backoffDelay(50, () => 0.5)).toBe(10_000);
  });
});
