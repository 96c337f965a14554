/**
 * The built-in demo: the case service on PGlite (its data kept in the data folder), the
 * demo team provisioned, a few thousand generated cases loaded once, and a token for the
 * staff member the console signs in as.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDir } from '../electron/core/private-files';
import { loadDemo } from '../resources/demo/load';
import { CONTESTED_DECIDER_ID, DEMO_STAFF } from '../resources/demo/staff';
import { startCaseService } from '../server/service';
import { defaultDataDir } from './paths';

export interface DemoBackendOptions {
  /** Role or staff id; see pickStaff. */
  as: string;
  count: number;
  seed: number;
  /** A throw-away data folder, removed by close(). */
  fresh: boolean;
  dataDir: string | null;
  log?: (line: string) => void;
}

export interface DemoBackend {
  serverUrl: string;
  token: string;
  staff: { id: string; name: string; role: string };
  dataDir: string;
  /** Where this staff member's console database lives. */
  dbPath: string;
  close(): Promise<void>;
}

/** `--as supervisor` → the first demo supervisor; `--as arb-wangfang` → that person. */
export function pickStaff(as: string): { id: string; name: string; role: string } {
  const staff = DEMO_STAFF.find((s) => s.id === as && s.role !== 'platform') ?? DEMO_STAFF.find((s) => s.role === as && s.role !== 'platform');
  if (!staff) {
    const people = DEMO_STAFF.filter((s) => s.role !== 'platform').map((s) => `${s.id} (${s.role})`);
    throw new Error(`--as ${as}: not a role (moderator, arbiter, supervisor) or a demo staff id: ${people.join(', ')}`);
  }
  return staff;
}

interface LoadedMarker {
  count: number;
  seed: number;
  loadedAt: string;
}

export async function startDemoBackend(opts: DemoBackendOptions): Promise<DemoBackend> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const staff = pickStaff(opts.as);
  // <data folder>/demo/{service/pglite, consoles/<staff>.sqlite, demo-loaded.json}
  // Every folder owner-only (0700): the service's database and the consoles hold personal data.
  const root = opts.dataDir ?? defaultDataDir();
  if (!opts.fresh) ensurePrivateDir(root);
  const dataDir = opts.fresh ? mkdtempSync(join(tmpdir(), 'docket-demo-')) : join(root, 'demo');
  const serviceDir = join(dataDir, 'service');
  for (const dir of [dataDir, serviceDir, join(dataDir, 'consoles')]) ensurePrivateDir(dir);
  const cleanup = () => {
    if (opts.fresh) rmSync(dataDir, { recursive: true, force: true });
  };

  log(`Starting the demo case service (PGlite in ${serviceDir})…`);
  let service: Awaited<ReturnType<typeof startCaseService>>;
  try {
    // The demo's audit signing key is made on first start and kept beside its data.
    service = await startCaseService({ pgliteDataDir: join(serviceDir, 'pglite'), audit: { file: join(serviceDir, 'audit-key.pem'), checkpointMs: 5_000 } });
  } catch (e) {
    cleanup();
    throw e;
  }
  try {
    const tokens = new Map<string, string>();
    for (const s of DEMO_STAFF) tokens.set(s.id, await service.provisionStaff(s));
    const platform = DEMO_STAFF.find((s) => s.role === 'platform');
    const platformToken = platform ? tokens.get(platform.id) : undefined;
    if (!platformToken) throw new Error('the demo team has no platform account to load cases with');

    // Loaded once per data folder; the marker is written only after a complete load.
    const markerPath = join(dataDir, 'demo-loaded.json');
    const marker = readMarker(markerPath);
    if (marker && marker.seed === opts.seed && marker.count >= opts.count) {
      log(`Demo data already loaded (${marker.count} cases, seed ${marker.seed}).`);
    } else {
      log(`Generating and loading ${opts.count} demo cases (seed ${opts.seed})…`);
      let lastShown = 0;
      const loaded = await loadDemo(service.url, platformToken, {
        count: opts.count,
        seed: opts.seed,
        contestedDecider: tokens.get(CONTESTED_DECIDER_ID),
        onProgress: (sent) => {
          // A progress line at most every 2 s, and the last one.
          const now = Date.now();
          if (now - lastShown < 2_000 && sent < opts.count) return;
          lastShown = now;
          log(`  … ${sent} / ${opts.count} cases`);
        },
      });
      writeFileSync(markerPath, JSON.stringify({ count: opts.count, seed: opts.seed, loadedAt: new Date().toISOString() } satisfies LoadedMarker));
      log('Demo data loaded.');
      const [source, ...reusing] = loaded.reusedPhotoCases;
      if (source) log(`Refund disputes ${reusing.join(', ')} reuse a buyer photo of dispute ${source}: open one to see the flag.`);
    }

    const token = tokens.get(staff.id);
    if (!token) throw new Error(`no token for ${staff.id}`);
    return {
      serverUrl: service.url,
      token,
      staff,
      dataDir,
      dbPath: join(dataDir, 'consoles', `${staff.id}.sqlite`),
      async close() {
        await service.close();
        cleanup();
      },
    };
  } catch (e) {
    await service.close().catch(() => undefined);
    cleanup();
    throw e;
  }
}

function readMarker(path: string): LoadedMarker | null {
  if (!existsSync(path)) return null;
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Partial<LoadedMarker>;
    return typeof m.count === 'number' && typeof m.seed === 'number' ? (m as LoadedMarker) : null;
  } catch {
    return null;
  }
}
