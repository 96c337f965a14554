/**
 * Reads one page of the change feed (`GET /v1/changes`, NDJSON) and validates every line before
 * anything is applied. A page is usable only whole: the caller gets either every change of it
 * with its `end` line, or a `FeedError` naming the line and field that was wrong.
 * Reading (bytes → lines) and validating (lines → changes) are separate steps so a worker
 * thread can do both while the main thread applies the previous page (see page-source.ts).
 */
import type { z } from 'zod';
import type { CaseKind, DecisionSummary } from '../../../shared/domain';
import { FeedEnd, FeedLine, MAX_FEED_LINE_BYTES, type FeedUpsert } from '../../../shared/sync/protocol';
import { caseRowValues, type CaseRowValues } from '../db/cases';

/** An upsert as the page applier needs it: the grid columns, and the line's text as the stored body. */
export interface UpsertChange {
  type: 'upsert';
  caseId: string;
  row: CaseRowValues;
  /** The validated line as received: stored as the case body, sparing a re-serialisation per row. */
  raw: string;
  lease: { holderId: string; epoch: number } | null;
  lastDecision: DecisionSummary | null;
}
export type PageChange = UpsertChange | { type: 'tombstone'; caseId: string };

export interface FeedPage {
  kind: CaseKind;
  changes: PageChange[];
  end: FeedEnd;
  bytes: number;
}

export interface FeedLines {
  /** Every line of the body, blank ones included (line numbers are indexes + 1). */
  lines: string[];
  bytes: number;
}

export class FeedError extends Error {
  constructor(readonly kind: CaseKind, readonly line: number | null, readonly field: string | null, detail: string) {
    super(`refused a page of the ${kind} feed: ${line === null ? '' : `line ${line}: `}${field ? `${field}: ` : ''}${detail}; nothing of it was applied`);
    this.name = 'FeedError';
  }
}

/** The first problem zod found, as `path` and words. */
export function describeIssue(error: z.ZodError): { field: string | null; detail: string } {
  const issue = error.issues[0];
  if (!issue) return { field: null, detail: 'invalid' };
  const field = issue.path.length ? issue.path.map(String).join('.') : null;
  return { field, detail: issue.message };
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

export function toPageChange(line: FeedUpsert | Extract<FeedLine, { type: 'tombstone' }>, raw: string): PageChange {
  if (line.type === 'tombstone') return { type: 'tombstone', caseId: line.caseId };
  return {
    type: 'upsert',
    caseId: line.case.id,
    row: caseRowValues(line.case, line.lease),
    raw,
    lease: line.lease ? { holderId: line.lease.holder.id, epoch: line.lease.epoch } : null,
    lastDecision: line.case.lastDecision,
  };
}

const NEWLINE = 0x0a;

/**
 * Cuts an NDJSON body into lines. Lines are cut on bytes, so a line longer than the limit is
 * refused as soon as it passes the limit, never buffered whole.
 */
export async function readFeedLines(body: AsyncIterable<Uint8Array>, kind: CaseKind, maxLineBytes = MAX_FEED_LINE_BYTES): Promise<FeedLines> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const lines: string[] = [];
  let bytes = 0;
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  const take = (raw: Uint8Array) => {
    let text: string;
    try {
      text = decoder.decode(raw);
    } catch {
      throw new FeedError(kind, lines.length + 1, null, 'not valid UTF-8');
    }
    lines.push(text.endsWith('\r') ? text.slice(0, -1) : text);
  };
  for await (const chunk of body) {
    bytes += chunk.length;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      const piece = nl === -1 ? chunk.subarray(start) : chunk.subarray(start, nl);
      if (pendingLength + piece.length > maxLineBytes) {
        throw new FeedError(kind, lines.length + 1, null, `line longer than the limit of ${maxLineBytes} bytes`);
      }
      if (nl === -1) {
        if (piece.length) {
          // Copy: the stream may reuse its buffer.
          pending.push(piece.slice());
          pendingLength += piece.length;
        }
        break;
      }
      take(pending.length === 0 ? piece : concat([...pending, piece], pendingLength + piece.length));
      pending = [];
      pendingLength = 0;
      start = nl + 1;
    }
  }
  if (pendingLength > 0) take(concat(pending, pendingLength));
  return { lines, bytes };
}

/**
 * The end line's cursor, read before the page is validated so the next page can be requested
 * meanwhile. Only a hint: the page is applied only if it validates whole, with this same end.
 */
export function peekEnd(lines: string[]): FeedEnd | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const text = lines[i] as string;
    if (text.trim() === '') continue;
    try {
      const end = FeedEnd.safeParse(JSON.parse(text));
      return end.success ? end.data : null;
    } catch {
      return null;
    }
  }
  return null;
}

/** Validates every line; the page must close with exactly one end line whose count matches. */
export function validatePage(kind: CaseKind, { lines, bytes }: FeedLines): FeedPage {
  const changes: PageChange[] = [];
  let end: FeedEnd | null = null;
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    if (end) throw new FeedError(kind, i + 1, null, 'data after the end line');
    const line = parseFeedLine(text, i + 1, kind);
    if (line.type === 'end') end = line;
    else changes.push(toPageChange(line, text));
  });
  const last = end as FeedEnd | null;
  if (!last) throw new FeedError(kind, null, null, `the page ended after ${lines.length} lines without its end line (cut off)`);
  if (last.count !== changes.length) {
    throw new FeedError(kind, null, 'end.count', `the end line announces ${last.count} changes but ${changes.length} arrived`);
  }
  return { kind, changes, end: last, bytes };
}

export async function readFeedPage(body: AsyncIterable<Uint8Array>, kind: CaseKind, maxLineBytes = MAX_FEED_LINE_BYTES): Promise<FeedPage> {
  return validatePage(kind, await readFeedLines(body, kind, maxLineBytes));
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
