/**
 * Revealed personal data never lands on the console's disk (issue 15 §4): an arbiter's console
 * (real SQLite in WAL mode) against a real case service (real HTTP on 127.0.0.1) runs random
 * sequences of syncs, claims, reveals, decisions and releases; after each sequence, and after
 * the console is closed, its database, `-wal` and `-shm` files and its trace lines contain no
 * original phone number or address, although the reveals did return them. Offline, a reveal is
 * refused with a message saying so.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsole, type ConsoleCore } from '../electron/core/console';
import { call, refused } from '../electron/core/testing/invoke';
import { tempDir } from '../electron/core/testing/tmp';
import type { CaseInput } from '../shared/domain';
import { buyer, refundDisputeCase } from '../server/test-fixtures';
import { startService, type TestService } from './support';

const CASES = 4;
const phoneOf = (i: number) => `1391234${String(5670 + i).padStart(4, '0')}`;
const streetOf = (i: number) => `科技园路${80 + i}号`;
const addressOf = (i: number) => `广东省深圳市南山区${streetOf(i)}3栋50${i}室`;
/** Every original a reveal may return: none of them, in any of these spellings, may reach the disk. */
const SECRETS = Array.from({ length: CASES }, (_, i) => [phoneOf(i), `${phoneOf(i).slice(0, 3)}-${phoneOf(i).slice(3, 7)}-${phoneOf(i).slice(7)}`, streetOf(i)]).flat();

function disputeWithBuyer(i: number): CaseInput {
  const c = refundDisputeCase(`rd-leak-${i}`);
  if (c.kind !== 'refund_dispute') throw new Error('fixture');
  const phone = phoneOf(i);
  return {
    ...c,
    buyer: { ...buyer(`b-leak-${i}`), phone, address: addressOf(i) },
    detail: { ...c.detail, buyerStatement: `请打我电话${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}，寄到${addressOf(i)}。` },
  };
}

type Action =
  | { type: 'sync' }
  | { type: 'claim' | 'release' | 'decide'; i: number }
  | { type: 'reveal'; i: number; field: 'buyer.phone' | 'buyer.address' | 'detail.buyerStatement' };
const arbAction: fc.Arbitrary<Action> = fc.oneof(
  fc.constant<Action>({ type: 'sync' }),
  fc.record({ type: fc.constantFrom('claim' as const, 'release' as const, 'decide' as const), i: fc.nat(CASES - 1) }),
  { weight: 3, arbitrary: fc.record({ type: fc.constant('reveal' as const), i: fc.nat(CASES - 1), field: fc.constantFrom('buyer.phone' as const, 'buyer.address' as const, 'detail.buyerStatement' as const) }) },
);

let svc: TestService;
/** The offline test stops the service's HTTP side itself. */
let httpClosed = false;
const tmp = tempDir('docket-reveal-leak-');

beforeAll(async () => {
  svc = await startService();
  await svc.ingest(Array.from({ length: CASES }, (_, i) => disputeWithBuyer(i)));
}, 120_000);
afterAll(async () => {
  if (!httpClosed) await svc?.close();
  tmp.remove();
});

/** The files of the console's database (main, -wal, -shm) and what it traced, as text, with the secrets they hold. */
function leaks(dir: string, trace: readonly string[]): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const bytes = readFileSync(join(dir, name));
    for (const s of SECRETS) if (bytes.includes(Buffer.from(s, 'utf8'))) found.push(`${name}: ${s}`);
  }
  for (const line of trace) for (const s of SECRETS) if (line.includes(s)) found.push(`trace: ${s}`);
  return found;
}

describe('revealed personal data in the console', () => {
  let run = 0;
  it('never reaches its SQLite file, WAL or trace, whatever the sequence of actions', async () => {
    let revealed = 0;
    await fc.assert(fc.asyncProperty(fc.array(arbAction, { minLength: 3, maxLength: 12 }), async (actions) => {
      const dir = tmp.file(`run-${++run}`);
      mkdirSync(dir);
      const trace: string[] = [];
      const core: ConsoleCore = await openConsole({
        dbPath: join(dir, 'console.db'), serverUrl: svc.url, token: svc.tokens.arbiter, autoSync: false, bootstrapWorkers: 0,
        trace: (event, detail) => trace.push(`${event} ${JSON.stringify(detail)}`),
      });
      try {
        await call(core, 'sync.now', {});
        for (const a of actions) {
          const caseId = a.type === 'sync' ? '' : `rd-leak-${a.i}`;
          if (a.type === 'sync') await call(core, 'sync.now', {});
          else if (a.type === 'claim') await core.invoke('case.claim', { caseIds: [caseId] });
          else if (a.type === 'release') await core.invoke('case.release', { caseIds: [caseId] });
          else if (a.type === 'decide') {
            const rec = await core.invoke('case.recommend', { caseId });
            if (rec.ok) {
              const { body, ruleRef } = (rec.value as { recommendation: { body: unknown; ruleRef: string } }).recommendation;
              await core.invoke('case.decide', { caseId, body, ruleRef, reason: '依规则处理，证据充分。' });
            }
          } else if (a.type === 'reveal') {
            const r = await core.invoke('case.reveal', { caseId, field: a.field, reason: '致电买家核实退货地址' });
            if (r.ok) {
              revealed++;
              const value = (r.value as { value: string }).value;
              // The reveal did return an original: the property below is about a value the console held.
              expect(SECRETS.some((s) => value.includes(s))).toBe(true);
            } else {
              expect(r.error.code).toBe('forbidden');
              expect(r.error.refusals?.[0]?.code).toMatch(/^reveal_lease_required$/);
            }
          }
        }
        expect(leaks(dir, trace)).toEqual([]);
      } finally {
        await core.close();
      }
      expect(leaks(dir, trace)).toEqual([]);
    }), { numRuns: 6 });
    expect(revealed).toBeGreaterThan(0);
  }, 180_000);

  it('refuses a reveal offline, with a message saying why, and the service logged every reveal without its value', async () => {
    const dir = tmp.file('offline');
    mkdirSync(dir);
    const core = await openConsole({ dbPath: join(dir, 'console.db'), serverUrl: svc.url, token: svc.tokens.arbiter, autoSync: false, bootstrapWorkers: 0 });
    try {
      // A case of its own: the property test above may have decided every one of the others.
      const own = disputeWithBuyer(CASES);
      await svc.ingest([own]);
      await call(core, 'sync.now', {});
      expect((await call(core, 'case.claim', { caseIds: [own.id] }))[0]).toMatchObject({ granted: true });
      const log = await svc.audit();
      const reveals = log.filter((e) => e.action === 'reveal');
      expect(reveals.length).toBeGreaterThan(0);
      for (const s of SECRETS) expect(JSON.stringify(log)).not.toContain(s);
      await svc.close();
      httpClosed = true;
      const offline = await refused(core, 'case.reveal', { caseId: own.id, field: 'buyer.phone', reason: '致电买家核实退货地址' });
      expect(offline).toMatchObject({ code: 'offline', refusals: [{ code: 'reveal_offline' }] });
      expect(offline.message).toContain('cannot be reached');
    } finally {
      await core.close();
    }
  }, 60_000);
});
