/**
 * The case service as the tests run it: the real service (`startCaseService`) on PGlite in a
 * temporary folder, the demo team provisioned, and the means to stop it and start it again on
 * the same data and the same port, as an operator restarting it would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemo, type LoadedDemo } from '../../resources/demo/load';
import { CONTESTED_DECIDER_ID, DEMO_STAFF } from '../../resources/demo/staff';
import { startCaseService, type CaseService, type CaseServiceOptions } from '../../server/service';
import type { Cleanup } from './fixtures';

export type DemoStaffId = (typeof DEMO_STAFF)[number]['id'];

export interface TestService {
  /** e.g. http://127.0.0.1:43125 — the same across a restart. */
  readonly url: string;
  readonly port: number;
  /** Bearer tokens of the demo team, by staff id; tokens live in the service's database, so they survive a restart. */
  token(staffId: string): string;
  staff(staffId: string): { id: string; name: string; role: string };
  /** The folder for this test's files (service data, console databases). */
  readonly dir: string;
  running(): boolean;
  /** Stops the service (its HTTP port closes; the data stays). */
  stop(): Promise<void>;
  /** Starts a new service on the same PGlite data folder and the same port. */
  restart(): Promise<void>;
  /** Generated demo cases and their evidence photos, ingested through the platform account. */
  loadDemo(opts: { count: number; seed?: number; poolSize?: number }): Promise<LoadedDemo>;
}

export interface StartServiceOptions {
  leaseMs?: CaseServiceOptions['leaseMs'];
}

export async function startTestService(cleanup: Cleanup, opts: StartServiceOptions = {}): Promise<TestService> {
  const dir = cleanup.add(mkdtempSync(join(tmpdir(), 'docket-e2e-')), 'remove the test folder', (d) => rmSync(d, { recursive: true, force: true }));
  const pgliteDataDir = join(dir, 'service-pglite');
  let current: CaseService | null = await startCaseService({ pgliteDataDir, leaseMs: opts.leaseMs });
  cleanup.add(null, 'stop the case service', async () => {
    const svc = current;
    current = null;
    await svc?.close();
  });
  const url = current.url;
  const port = Number(new URL(url).port);
  const tokens = new Map<string, string>();
  for (const s of DEMO_STAFF) tokens.set(s.id, await current.provisionStaff(s));

  const token = (staffId: string) => {
    const t = tokens.get(staffId);
    if (!t) throw new Error(`no demo staff member ${staffId}`);
    return t;
  };
  return {
    url,
    port,
    dir,
    token,
    staff(staffId) {
      const s = DEMO_STAFF.find((x) => x.id === staffId);
      if (!s) throw new Error(`no demo staff member ${staffId}`);
      return s;
    },
    running: () => current !== null,
    async stop() {
      const svc = current;
      if (!svc) throw new Error('the case service is not running');
      current = null;
      await svc.close();
    },
    async restart() {
      if (current) throw new Error('the case service is still running');
      const svc = await startCaseService({ pgliteDataDir, port, leaseMs: opts.leaseMs });
      if (svc.url !== url) {
        await svc.close();
        throw new Error(`the restarted case service listens on ${svc.url}, not ${url}`);
      }
      current = svc;
    },
    async loadDemo({ count, seed = 1, poolSize = 24 }) {
      return loadDemo(url, token('platform'), { count, seed, poolSize, contestedDecider: token(CONTESTED_DECIDER_ID) });
    },
  };
}
