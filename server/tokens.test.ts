/** Tokens end: they expire, can be revoked (logged), are listed per staff member, and re-provisioning revokes the old ones. */
import { describe, expect, it } from 'vitest';
import { AuditPage, routes } from '../shared/sync/protocol';
import { ADMIN_ACTOR, listTokens, provisionStaff, revokeTokens } from './staff';
import { BACKENDS, Client, serveForTests, sleep, type TestDatabase, type TestService } from './test-helpers';

describe.each(BACKENDS)('tokens on %s', (backend) => {
  let tdb: TestDatabase;
  let t: TestService;
  serveForTests(backend, (env) => ({ tdb, t } = env));

  const me = (token: string) => new Client(t.url, token).get<{ error?: string; message?: string }>(routes.me);
  const revocationsLogged = async (staffId: string) => {
    const page = AuditPage.parse((await t.as('supervisor').get(`${routes.audit}?limit=10000`)).body);
    return page.entries.filter((e) => e.action === 'token_revoke' && e.payload.staffId === staffId);
  };

  it('refuses a token past its lifetime, saying it expired and when', async () => {
    const token = await provisionStaff(tdb.db, { id: 'mod-short', name: '短期', role: 'moderator' }, 1);
    await sleep(5);
    const res = await me(token);
    expect(res).toMatchObject({ status: 401, body: { error: 'token_expired', message: expect.stringMatching(/^the bearer token expired at \d{4}-\d\d-\d\dT.*: ask an administrator for a new one$/) } });
  });

  it('revokes the old tokens when a staff member is provisioned again, and logs each revocation', async () => {
    const first = await provisionStaff(tdb.db, { id: 'mod-again', name: '再次', role: 'moderator' });
    const second = await provisionStaff(tdb.db, { id: 'mod-again', name: '再次', role: 'moderator' });
    expect((await me(second)).status).toBe(200);
    expect(await me(first)).toMatchObject({ status: 401, body: { error: 'token_revoked', message: expect.stringContaining('was revoked at') } });
    const tokens = await listTokens(tdb.db, 'mod-again');
    expect(tokens.map((x) => [x.revokedAt === null, x.revokedBy])).toEqual([[true, null], [false, ADMIN_ACTOR.id]]);
    const logged = await revocationsLogged('mod-again');
    expect(logged.map((e) => [e.actor.id, e.payload.tokenId, e.payload.reason])).toEqual([[ADMIN_ACTOR.id, tokens[1]?.tokenId, 'a new token was issued']]);
  });

  it('revokes one token by its id, lists it as revoked, and refuses it from then on', async () => {
    const token = await provisionStaff(tdb.db, { id: 'arb-revoke', name: '撤销', role: 'arbiter' });
    const [listed] = await listTokens(tdb.db, 'arb-revoke');
    expect(listed).toMatchObject({ staffId: 'arb-revoke', revokedAt: null, tokenId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect((listed?.expiresAt ?? 0) - (listed?.createdAt ?? 0)).toBe(30 * 86_400_000);
    expect(JSON.stringify(await listTokens(tdb.db, 'arb-revoke'))).not.toContain(token.slice(4, 20));
    expect(await revokeTokens(tdb.db, { staffId: 'arb-revoke', tokenId: listed?.tokenId ?? '' }, ADMIN_ACTOR, 'laptop lost')).toEqual([listed?.tokenId]);
    expect(await me(token)).toMatchObject({ status: 401, body: { error: 'token_revoked' } });
    expect((await listTokens(tdb.db, 'arb-revoke'))[0]?.revokedAt).toEqual(expect.any(Number));
    expect((await revocationsLogged('arb-revoke')).map((e) => e.payload.reason)).toEqual(['laptop lost']);
    // Revoking again finds nothing live, and logs nothing more.
    expect(await revokeTokens(tdb.db, { staffId: 'arb-revoke' }, ADMIN_ACTOR, 'again')).toEqual([]);
    expect(await revocationsLogged('arb-revoke')).toHaveLength(1);
  });
});
