/** A console whose token was revoked (or expired) says so in its sync status, in words the status bar shows. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openConsole } from '../electron/core/console';
import { call } from '../electron/core/testing/invoke';
import { tempDir } from '../electron/core/testing/tmp';
import { startCaseService, type CaseService } from '../server/service';
import { STAFF_ZH as STAFF } from './support';

const tmp = tempDir('docket-token-ends-');
let svc: CaseService;

beforeAll(async () => {
  svc = await startCaseService({});
});
afterAll(async () => {
  await svc?.close();
  tmp.remove();
});

it('shows that the token was revoked once the staff member is provisioned again, and signs in with the new one', async () => {
  const old = await svc.provisionStaff(STAFF.mod);
  const core = await openConsole({ dbPath: tmp.file('moderator.db'), serverUrl: svc.url, token: old, autoSync: false });
  try {
    expect(await call(core, 'sync.now', {})).toMatchObject({ lastError: null, tokenProblem: null });
    const fresh = await svc.provisionStaff(STAFF.mod);
    const status = await call(core, 'sync.now', {});
    expect(status).toMatchObject({ tokenProblem: 'revoked', lastError: expect.stringContaining('the bearer token was revoked at') });
    await core.close();
    const again = await openConsole({ dbPath: tmp.file('moderator.db'), serverUrl: svc.url, token: fresh, autoSync: false });
    try {
      expect(await call(again, 'sync.now', {})).toMatchObject({ lastError: null, tokenProblem: null });
    } finally {
      await again.close();
    }
  } finally {
    await core.close();
  }
});
