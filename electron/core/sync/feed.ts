/**
 * Reads one page of the change feed (`GET /v1/changes`, NDJSON) and validates every line before
 * anything is applied. A page is usable only whole: the caller gets either every change of it
 * with its `end` line, or a `FeedError` naming the line and field that was wrong.
 * Reading (bytes → lines) and validating (lines → changes) are separate steps so a worker
 * thread can do both while the main thread applies the previous page (see page-source.ts).
 */
import { isUtf8 } from 'node:buffer';
import { describeIssue } from '../../../shared/validation/issues';
import { DecisionSummary, type CaseKind } from '../../../shared/domain';
import { FeedEnd, FeedLine, MAX_FEED_LINE_BYTES, type FeedUpsert } from '../../../shared/sync/protocol';
import { caseRowValues, type CaseRowValues } from '../db/cases';

/** An upsert as the page applier needs it: the grid columns, and the line's bytes as the stored body. */
export interface UpsertChange {
  type: 'upsert';
  caseId: string;
  row: CaseRowValues;
  /**
   * The validated line's UTF-8 bytes as received (a view of `FeedPage.data`): stored as the case
   * body without decoding and re-encoding it, and moved from a worker thread without a copy.
   */
  raw: Uint8Array;
  lease: { holderId: string; epoch: number } | null;
}
export type PageChange = UpsertChange | { type: 'tombstone'; caseId: string };

export interface FeedPage {
  kind: CaseKind;
  changes: PageChange[];
  end: FeedEnd;
  bytes: number;
  /** The page's bytes as received, which the upserts' `raw` are views of: a worker transfers its buffer. */
  data: Uint8Array;
}

/**
 * A body cut into lines, not yet decoded: each line is decoded only when it is checked, and is
 * garbage right after. Decoding every line first kept a whole page of strings alive, which the
 * garbage collector then copied on every young-generation pass.
 */
export interface FeedLines {
  /** The body as received: a Buffer of its own (lines decode from it without a view each; a worker transfers it). */
  data: Buffer;
  /** Every line of the body, blank ones included (line numbers are indexes + 1): start and end (a trailing \r excluded) of line i at 2i and 2i + 1. */
  spans: number[];
  bytes: number;
}

/** Line `i` (0-based) as text. Whether the page is UTF-8 is checked once for the whole page (`checkUtf8`). */
function lineText({ data, spans }: FeedLines, i: number): string {
  return data.toString('utf8', spans[2 * i], spans[2 * i + 1]);
}

/**
 * Refuses a page that is not UTF-8, naming the first line that is not. One native pass over the
 * page: decoding each line with a fatal decoder cost more than decoding it leniently after.
 * Newlines cannot split a UTF-8 sequence, so the page is UTF-8 exactly when each line is.
 */
function checkUtf8(kind: CaseKind, { data, spans }: FeedLines): void {
  if (isUtf8(data)) return;
  for (let i = 0; i < spans.length / 2; i++) {
    if (!isUtf8(data.subarray(spans[2 * i], spans[2 * i + 1]))) throw new FeedError(kind, i + 1, null, 'not valid UTF-8');
  }
  throw new FeedError(kind, null, null, 'not valid UTF-8');
}

export class FeedError extends Error {
  constructor(readonly kind: CaseKind, readonly line: number | null, readonly field: string | null, detail: string) {
    super(`refused a page of the ${kind} feed: ${line === null ? '' : `line ${line}: `}${field ? `${field}: ` : ''}${detail}; nothing of it was applied`);
    this.name = 'FeedError';
  }
}

/** Validates one line of text as a feed line of `kind`. */
export function parseFeedLine(text: string, lineNo: number, kind: CaseKind): FeedLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FeedError(kind, lineNo, null, `not valid JSON (${(e as Error).message})`);
  }
  const parsed = FeedLine.safeParse(json);
  if (!parsed.success) {
    const { field, detail } = describeIssue(parsed.error);
    throw new FeedError(kind, lineNo, field, detail);
  }
  const line = parsed.data;
  if (line.type === 'upsert' && line.case.kind !== kind) {
    throw new FeedError(kind, lineNo, 'case.kind', `a ${line.case.kind} case does not belong to the ${kind} partition`);
  }
  return line;
}

export function toPageChange(line: FeedUpsert | Extract<FeedLine, { type: 'tombstone' }>, raw: Uint8Array): PageChange {
  if (line.type === 'tombstone') return { type: 'tombstone', caseId: line.caseId };
  return {
    type: 'upsert',
    caseId: line.case.id,
    row: caseRowValues(line.case, line.lease),
    raw,
    lease: line.lease ? { holderId: line.lease.holder.id, epoch: line.lease.epoch } : null,
  };
}

/**
 * The last decision of an applied upsert's case, read back from its bytes (validated on
 * arrival). Only a conflict waiting to learn the winning decision needs it, so a page does not
 * carry it for every case.
 */
export function lastDecisionOf(change: UpsertChange): DecisionSummary | null {
  const line = JSON.parse(new TextDecoder().decode(change.raw)) as { case?: { lastDecision?: unknown } };
  return DecisionSummary.nullable().parse(line.case?.lastDecision ?? null);
}

const NEWLINE = 0x0a;

/**
 * Reads an NDJSON body whole and cuts it into lines. Line lengths are counted on bytes as the
 * body arrives, so a line longer than the limit is refused as soon as it passes the limit,
 * never buffered whole. Lines are found in that same pass (Buffer's indexOf searches natively;
 * a Uint8Array's walks byte by byte in JavaScript).
 */
export async function readFeedLines(body: AsyncIterable<Uint8Array>, kind: CaseKind, maxLineBytes = MAX_FEED_LINE_BYTES): Promise<FeedLines> {
  // allocUnsafeSlow: never a slice of Node's shared pool, whose buffer a worker cannot transfer.
  let data = Buffer.allocUnsafeSlow(1 << 16);
  let bytes = 0;
  let lineStart = 0;
  const ends: number[] = [];
  for await (const received of body) {
    const chunk = Buffer.from(received.buffer, received.byteOffset, received.byteLength);
    for (let at = 0; ; ) {
      const nl = chunk.indexOf(NEWLINE, at);
      if (bytes + (nl === -1 ? chunk.length : nl) - lineStart > maxLineBytes) {
        throw new FeedError(kind, ends.length + 1, null, `line longer than the limit of ${maxLineBytes} bytes`);
      }
      if (nl === -1) break;
      ends.push(bytes + nl);
      lineStart = bytes + nl + 1;
      at = nl + 1;
    }
    // Copied: the stream may reuse its buffer. One buffer of its own, so a worker can transfer it.
    if (bytes + chunk.length > data.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(data.length * 2, bytes + chunk.length));
      grown.set(data.subarray(0, bytes));
      data = grown;
    }
    data.set(chunk, bytes);
    bytes += chunk.length;
  }
  data = data.subarray(0, bytes);
  if (lineStart < bytes) ends.push(bytes);
  const spans: number[] = [];
  let start = 0;
  for (const stop of ends) {
    spans.push(start, stop > start && data[stop - 1] === 0x0d ? stop - 1 : stop);
    start = stop + 1;
  }
  return { data, spans, bytes };
}

/**
 * The end line's cursor, read before the page is validated so the next page can be requested
 * meanwhile. Only a hint: the page is applied only if it validates whole, with this same end.
 */
export function peekEnd(lines: FeedLines): FeedEnd | null {
  for (let i = lines.spans.length / 2 - 1; i >= 0; i--) {
    try {
      const text = lineText(lines, i);
      if (text.trim() === '') continue;
      const end = FeedEnd.safeParse(JSON.parse(text));
      return end.success ? end.data : null;
    } catch {
      return null;
    }
  }
  return null;
}

/** Validates every line; the page must close with exactly one end line whose count matches. */
export function validatePage(kind: CaseKind, lines: FeedLines): FeedPage {
  const { data, spans, bytes } = lines;
  const count = spans.length / 2;
  checkUtf8(kind, lines);
  const changes: PageChange[] = [];
  let end: FeedEnd | null = null;
  for (let i = 0; i < count; i++) {
    const text = lineText(lines, i);
    if (text.trim() === '') continue;
    if (end) throw new FeedError(kind, i + 1, null, 'data after the end line');
    const line = parseFeedLine(text, i + 1, kind);
    if (line.type === 'end') end = line;
    else changes.push(toPageChange(line, data.subarray(spans[2 * i], spans[2 * i + 1])));
  }
  const last = end as FeedEnd | null;
  if (!last) throw new FeedError(kind, null, null, `the page ended after ${count} lines without its end line (cut off)`);
  if (last.count !== changes.length) {
    throw new FeedError(kind, null, 'end.count', `the end line announces ${last.count} changes but ${changes.length} arrived`);
  }
  return { kind, changes, end: last, bytes, data };
}

export async function readFeedPage(body: AsyncIterable<Uint8Array>, kind: CaseKind, maxLineBytes = MAX_FEED_LINE_BYTES): Promise<FeedPage> {
  return validatePage(kind, await readFeedLines(body, kind, maxLineBytes));
}
