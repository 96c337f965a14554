/**
 * The console's files are its owner's only, checked on real files: the database with its WAL
 * and shared-memory files after writes, the evidence cache after a fetch, and files an earlier
 * version left readable by others.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsole } from './console';
import { openDatabase } from './db/open';
import { startFakeService, type FakeService } from './testing/fake-service';
import { call } from './testing/invoke';
import { tempDir } from './testing/tmp';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
const tmp = tempDir();
// The usual umask, under which files are created world-readable unless asked otherwise.
const umask = process.umask(0o022);
afterAll(() => {
  process.umask(umask);
  tmp.remove();
});

describe('the console database', () => {
  it('is created 0600, and so are its -wal and -shm files once written', () => {
    const file = tmp.file('new.sqlite');
    const db = openDatabase(file);
    try {
      db.prepare("INSERT INTO prefs (staff_id, key, value, updated_at) VALUES ('s', 'k', 'v', 0)").run();
      expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(['600', '600', '600']);
    } finally {
      db.close();
    }
  });

  it('is made 0600 with its -wal and -shm when an earlier version left them readable', () => {
    const file = tmp.file('old.sqlite');
    openDatabase(file).close();
    const keep = openDatabase(file);
    keep.prepare("INSERT INTO prefs (staff_id, key, value, updated_at) VALUES ('s', 'k', 'v', 0)").run();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) chmodSync(f, 0o644);
    const db = openDatabase(file);
    try {
      expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(['600', '600', '600']);
    } finally {
      db.close();
      keep.close();
    }
  });
});

describe('the evidence cache', () => {
  const staff = { id: 'arb-a', name: 'Arbiter A', role: 'arbiter' as const };
  const photo = new Uint8Array(Buffer.from('a photo of a broken parcel'));
  const sha = createHash('sha256').update(photo).digest('hex');
  let service: FakeService;
  beforeAll(async () => {
    service = await startFakeService(staff);
    service.route(`/v1/evidence/${sha}`, (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end(photo);
    });
  });
  afterAll(() => service?.close());

  it('keeps its folders 0700 and its blobs 0600', async () => {
    const db = tmp.file('evidence.sqlite');
    const core = await openConsole({ dbPath: db, serverUrl: service.url, token: 't', autoSync: false });
    try {
      await call(core, 'evidence.get', { sha256: sha });
      const dir = `${db}-evidence`;
      expect([mode(dir), mode(`${dir}/${sha.slice(0, 2)}`), mode(`${dir}/${sha.slice(0, 2)}/${sha}`)]).toEqual(['700', '700', '600']);
    } finally {
      await core.close();
    }
  });

  it('makes a cache an earlier version left readable owner-only when the console opens', async () => {
    const db = tmp.file('old-evidence.sqlite');
    const dir = `${db}-evidence`;
    mkdirSync(`${dir}/ab`, { recursive: true, mode: 0o755 });
    writeFileSync(`${dir}/ab/${'ab'.repeat(32)}`, 'old blob', { mode: 0o644 });
    chmodSync(dir, 0o755);
    const core = await openConsole({ dbPath: db, serverUrl: service.url, token: 't', autoSync: false });
    try {
      expect([mode(dir), mode(`${dir}/ab`), mode(`${dir}/ab/${'ab'.repeat(32)}`)]).toEqual(['700', '700', '600']);
    } finally {
      await core.close();
    }
  });
});
