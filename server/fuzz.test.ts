/**
 * A corpus of malformed requests against every endpoint: deep nesting, huge strings, wrong
 * types, truncated JSON, bad content types, unicode junk. None gets a 5xx, the service keeps
 * answering, and nothing is written. Bounded: a fixed corpus, on 127.0.0.1.
 */
import { describe, expect, it } from 'vitest';
import { routes } from '../shared/sync/protocol';
import { serveForTests, type TestDatabase, type TestService } from './test-helpers';

const ENDPOINTS: Array<[string, string]> = [
  ['POST', routes.decisions], ['POST', routes.claim], ['POST', routes.renew], ['POST', routes.release], ['POST', routes.ingestCases],
  ['POST', routes.evidence], ['GET', routes.changes], ['GET', routes.audit], ['GET', routes.ledgerSummary], ['GET', routes.me],
  ['GET', `${routes.decisions}/00000000-0000-4000-8000-000000000000/statement`], ['GET', `${routes.evidence}/${'a'.repeat(64)}`], ['DELETE', `${routes.ingestCases}/x`],
];

const BODIES: Array<[string, string, string]> = [
  ['deep nesting', '['.repeat(100_000), 'application/json'],
  ['deep objects', '{"a":'.repeat(5_000), 'application/json'],
  ['huge string', `{"clientId":"${'x'.repeat(2_000_000)}"}`, 'application/json'],
  ['wrong types', '{"clientId":1,"decisions":"all","caseIds":{},"cases":null}', 'application/json'],
  ['truncated', '{"clientId":"5d1c9a8e-2f4b-4c7d-9e0a-1b2c3d4e5f60","decisions":[{"decisionId":', 'application/json'],
  ['not json', 'decisions=all', 'application/json'],
  ['bad content type', '{"caseIds":["a"]}', 'text/html'],
  ['unicode junk', '{"caseIds":["\uD800\uDFFF\u0000\uFFFE","\u202E违规"],"clientId":"\uDBFF"}', 'application/json; charset=utf-8'],
  ['empty', '', 'application/json'],
  ['array body', '[1,2,3]', 'application/json'],
  ['query junk', '', 'application/x-www-form-urlencoded'],
];

const QUERIES = ['', '?partition=%00&cursor=%FF%FE&limit=-1', '?after=1e400&limit=NaN', '?by=merchant&from=abc&to=[]&merchantId=%E2%80%AE'];

describe('malformed requests on every endpoint', () => {
  let tdb: TestDatabase;
  let t: TestService;
  serveForTests('pglite', (env) => ({ tdb, t } = env));

  const counts = async () => tdb.db.query(`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM feed)::int AS feed, (SELECT count(*) FROM decisions)::int AS decisions,
    (SELECT count(*) FROM audit_log)::int AS audit, (SELECT count(*) FROM push_answers)::int AS answers, (SELECT count(*) FROM evidence)::int AS evidence, (SELECT count(*) FROM ledger_entries)::int AS ledger`);

  it('answers every one with a 4xx, writes nothing, and keeps serving', async () => {
    const before = await counts();
    const statuses: string[] = [];
    for (const [method, path] of ENDPOINTS) {
      for (const who of ['platform', 'moderator', 'supervisor'] as const) {
        for (const q of QUERIES) {
          if (method === 'GET' || method === 'DELETE') {
            const res = await t.as(who).request(method, `${path}${q}`);
            if (res.status >= 500) statuses.push(`${method} ${path}${q} as ${who}: ${res.status} ${res.text.slice(0, 200)}`);
          }
        }
        if (method !== 'POST') continue;
        for (const [what, body, type] of BODIES) {
          const res = await t.as(who).request(method, path, body, { 'content-type': type });
          if (res.status >= 500 || res.status < 400) statuses.push(`${method} ${path} ${what} as ${who}: ${res.status} ${res.text.slice(0, 200)}`);
        }
      }
    }
    expect(statuses).toEqual([]);
    expect(await counts()).toEqual(before);
    expect((await t.as('moderator').get(routes.me)).status).toBe(200);
  });
});
