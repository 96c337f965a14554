/**
 * Reused photos on the case service: an image is PDQ-hashed once at upload, its hash reaches
 * consoles in the case feed, known-bad lists flag matching evidence at ingest, and a decision
 * flagging a malicious buyer may cite a match, which the service checks before accepting it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Case, DecisionBody, EvidenceRef } from '../shared/domain';
import { RefundFacts } from '../shared/rulebook';
import { StatementOfReasons } from '../shared/statement';
import { hammingDistance, pdqFromHex } from '../shared/evidence/pdq-hash256';
import { routes, statementPath } from '../shared/sync/protocol';
import { referenceImages } from '../test-support/pdq-reference';
import { buyer, decision, merchant, refundDisputeCase } from './test-fixtures';
import { BACKENDS, claimEpoch, pullAll, push, serveForTests, type TestService } from './test-helpers';
import { hashEvidenceImage, PDQ_DECODER } from './evidence-hash';

const bridge = readFileSync(referenceImages().find((r) => r.image === 'bridge-mods/aaa-orig.jpg')?.path ?? '');

/** The photo as a second buyer would send it again: 1 % cut off the left and bottom, recompressed at JPEG quality 45. */
async function reusedCopy(photo: Buffer): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(photo).metadata();
  const cut = (n: number) => Math.round(n * 0.01);
  return sharp(photo).extract({ left: cut(width), top: 0, width: width - cut(width), height: height - cut(height) }).jpeg({ quality: 45 }).toBuffer();
}

describe.each(BACKENDS)('reused photos on %s', (backend) => {
  let t: TestService;
  serveForTests(backend, (env) => ({ t } = env));

  const upload = async (bytes: Buffer, mediaType = 'image/jpeg') => {
    const res = await t.as('platform').post<{ sha256: string }>(routes.evidence, bytes, { 'content-type': mediaType });
    expect([201, 200]).toContain(res.status);
    return res.body.sha256;
  };
  const photo = (sha256: string, bytes: number): EvidenceRef => ({ sha256, mediaType: 'image/jpeg', party: 'buyer', caption: '收到时已损坏', bytes });
  const ingest = async (cases: unknown[]) => expect((await t.as('platform').post(routes.ingestCases, { cases })).status).toBe(200);
  const latest = async (caseId: string): Promise<Case> => {
    const lines = (await pullAll(t.as('arbiter'), 'refund_dispute')).lines;
    const found = lines.filter((l) => l.type === 'upsert' && l.case.id === caseId).at(-1);
    if (found?.type !== 'upsert') throw new Error(`no ${caseId} in the feed`);
    return found.case;
  };

  it('hashes an image at upload and replicates the hash with the decoder in the case; what a platform sends there is replaced', async () => {
    const sha = await upload(bridge);
    const note = await upload(Buffer.from('物流记录', 'utf8'), 'text/plain');
    const forged = { hash: 'f'.repeat(64), quality: 100, decoder: 'forged' };
    await ingest([refundDisputeCase('rd-pdq-1', { evidence: [{ ...photo(sha, bridge.length), pdq: forged }, { sha256: note, mediaType: 'text/plain', party: 'platform', caption: '物流', bytes: 12 }] })]);
    const c = await latest('rd-pdq-1');
    const [image, text] = c.evidence;
    expect(image?.pdq).toMatchObject({ quality: 100, decoder: PDQ_DECODER });
    const expected = referenceImages().find((r) => r.image === 'bridge-mods/aaa-orig.jpg')?.pdq ?? '';
    expect(hammingDistance(pdqFromHex(image?.pdq?.hash ?? ''), pdqFromHex(expected))).toBeLessThanOrEqual(10);
    expect(text?.pdq).toBeUndefined();
    expect(image?.knownBad).toBeUndefined();
  });

  it('imports a known-bad list in HMA form and flags matching evidence at ingest; refuses a bad list whole', async () => {
    const copy = await reusedCopy(bridge);
    const copySha = await upload(copy);
    const { pdq } = await hashEvidenceImage(bridge);
    const list = { list: 'prohibited-goods', entries: [{ entryId: 'te-1001', pdq, tags: ['counterfeit'] }, { entryId: 'te-1002', pdq: '0'.repeat(64), tags: [] }] };
    expect((await t.as('arbiter').post(routes.knownBad, list)).status).toBe(403);
    const bad = await t.as('platform').post<{ message: string }>(routes.knownBad, { ...list, entries: [...list.entries, { entryId: 'te-1003', pdq: 'xyz', tags: [] }] });
    expect([bad.status, bad.body.message]).toEqual([400, 'entries[2].pdq: a PDQ hash is 64 lowercase hex digits']);
    const imported = await t.as('platform').post(routes.knownBad, list);
    expect([imported.status, imported.body]).toEqual([200, { list: 'prohibited-goods', imported: 2, replaced: 0 }]);
    await ingest([refundDisputeCase('rd-known-bad', { evidence: [photo(copySha, copy.length)] })]);
    const [flagged] = (await latest('rd-known-bad')).evidence;
    expect(flagged?.knownBad).toEqual([{ list: 'prohibited-goods', entryId: 'te-1001', distance: expect.any(Number), tags: ['counterfeit'] }]);
    expect(flagged?.knownBad?.[0]?.distance).toBeLessThanOrEqual(31);
    // Replaced whole: the entry is gone, and the next ingest of the case drops the flag.
    expect((await t.as('platform').post(routes.knownBad, { list: 'prohibited-goods', entries: [list.entries[1]] })).body).toEqual({ list: 'prohibited-goods', imported: 1, replaced: 2 });
    await ingest([refundDisputeCase('rd-known-bad', { evidence: [photo(copySha, copy.length)], priority: 2 })]);
    expect((await latest('rd-known-bad')).evidence[0]?.knownBad).toBeUndefined();
  });

  it('accepts a malicious-buyer flag citing a real match, names it in the statement, and refuses a citation that does not hold', async () => {
    const original = await upload(bridge);
    const copy = await reusedCopy(bridge);
    const copySha = await upload(copy);
    await ingest([
      refundDisputeCase('rd-reuse-first', { evidence: [photo(original, bridge.length)], buyer: buyer('b-first') }),
      refundDisputeCase('rd-reuse-again', { evidence: [photo(copySha, copy.length)], buyer: buyer('b-again'), merchant: merchant('m-other-01') }),
      refundDisputeCase('rd-reuse-own', { evidence: [photo(original, bridge.length)], buyer: buyer('b-again'), merchant: merchant('m-other-01') }),
    ]);
    const [a, b] = [(await latest('rd-reuse-first')).evidence[0]?.pdq?.hash ?? '', (await latest('rd-reuse-again')).evidence[0]?.pdq?.hash ?? ''];
    const distance = hammingDistance(pdqFromHex(a), pdqFromHex(b));
    expect(distance).toBeLessThanOrEqual(31);

    const flag = (evidenceMatch: object): DecisionBody => ({ kind: 'refund_dispute', outcome: { type: 'flag_malicious_buyer', evidenceMatch } as DecisionBody['outcome'] & { type: 'flag_malicious_buyer' } });
    const epoch = await claimEpoch(t.as('arbiter'), 'rd-reuse-again');
    const facts = RefundFacts.parse({ kind: 'refund_dispute', falseEvidence: true });
    const cite = { sha256: copySha, matchedCaseId: 'rd-reuse-first', matchedSha256: original, distance };
    const attempts = [
      { ...cite, distance: distance + 1 },
      { ...cite, matchedCaseId: 'rd-reuse-own' },
      { ...cite, matchedSha256: copySha },
      { ...cite, matchedCaseId: 'rd-nowhere' },
    ];
    const client = randomUUID();
    const refused = await push(t.as('arbiter'), {
      decisions: attempts.map((m, i) => decision('rd-reuse-again', { mutationId: i + 1, leaseEpoch: epoch, body: flag(m), ruleRef: 'REF-AB-1', facts })),
    }, client);
    expect(refused.map((r) => (r.status === 'rejected' ? r.refusals?.[0]?.code : r.status))).toEqual(Array(4).fill('evidence_match_unfounded'));
    expect(refused.map((r) => (r.status === 'rejected' ? r.message : ''))).toEqual([
      expect.stringContaining(`at distance ${distance}, not ${distance + 1}`),
      expect.stringContaining('same buyer and merchant'),
      expect.stringContaining(`is not evidence of case rd-reuse-first`),
      expect.stringContaining('no case rd-nowhere'),
    ]);

    const accepted = decision('rd-reuse-again', { mutationId: 5, leaseEpoch: epoch, body: flag(cite), ruleRef: 'REF-AB-1', facts });
    const [answer] = await push(t.as('arbiter'), { decisions: [accepted] }, client);
    expect(answer?.status).toBe('accepted');
    const decided = await latest('rd-reuse-again');
    expect(decided.lastDecision?.body).toEqual(flag(cite));
    const statement = StatementOfReasons.parse((await t.as('arbiter').get(statementPath(accepted.decisionId))).body);
    expect(JSON.stringify(statement)).toContain(`与案件 rd-reuse-first 中的照片`);
    expect(JSON.stringify(statement)).toContain(`PDQ 距离 ${distance}`);
  });
});
