/**
 * Serving a cached evidence file to the page, with byte ranges (so a video seeks): one
 * function for both hosts, web mode's route and the Electron shell's `evidence:` scheme, so
 * the code the tests exercise over HTTP is the code Electron runs.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { Sha256Hex } from '../../shared/domain/primitives';
import type { EvidenceFile, EvidenceVariant } from './evidence';

export interface EvidenceAnswer {
  status: 200 | 206 | 400 | 404 | 416;
  headers: Record<string, string>;
  /** The bytes to send; null for an answer without a body. */
  body: (() => ReadStream) | null;
  /** For an error: what is wrong, as plain text. */
  message?: string;
}

export type ByteRange = { start: number; end: number };

/**
 * One `bytes=` range of a `Range` header against a file of `size` bytes: the range, null when
 * there is no header (the whole file), or 'unsatisfiable'. Several ranges are answered as the
 * whole file (allowed by RFC 9110; no player asks for them).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (header === undefined) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return header.trim().startsWith('bytes=') && header.includes(',') ? null : 'unsatisfiable';
  const [, from, to] = m;
  if (from === '' && to === '') return 'unsatisfiable';
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** `/<sha256>` or `/<sha256>/thumb` (the path after the route or scheme host) → what to serve. */
export function parseEvidencePath(path: string): { sha256: string; variant: EvidenceVariant } | null {
  const m = /^\/?([0-9a-f]{64})(\/thumb)?$/.exec(path);
  if (!m || !Sha256Hex.safeParse(m[1]).success) return null;
  return { sha256: m[1] as string, variant: m[2] ? 'thumb' : 'blob' };
}

const BASE_HEADERS = {
  'Accept-Ranges': 'bytes',
  // Content-addressed: the bytes under a name never change; private, the page's own memory only.
  'Cache-Control': 'private, max-age=31536000, immutable',
  'X-Content-Type-Options': 'nosniff',
};

function error(status: EvidenceAnswer['status'], message: string, extra: Record<string, string> = {}): EvidenceAnswer {
  return { status, headers: { ...extra, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, body: null, message };
}

/** The answer for a file (or null: not in the cache) and the request's `Range` header. */
export function answerEvidence(file: EvidenceFile | null, rangeHeader: string | undefined, what: string): EvidenceAnswer {
  if (file === null) return error(404, `${what} is not in this console's evidence cache`);
  const range = parseRange(rangeHeader, file.size);
  if (range === 'unsatisfiable') {
    return error(416, `range ${JSON.stringify(rangeHeader)} is outside the ${file.size} bytes of ${what}`, { 'Content-Range': `bytes */${file.size}` });
  }
  const path = file.path;
  if (range === null) {
    return { status: 200, headers: { ...BASE_HEADERS, 'Content-Type': file.mediaType, 'Content-Length': String(file.size) }, body: () => createReadStream(path) };
  }
  return {
    status: 206,
    headers: { ...BASE_HEADERS, 'Content-Type': file.mediaType, 'Content-Length': String(range.end - range.start + 1), 'Content-Range': `bytes ${range.start}-${range.end}/${file.size}` },
    body: () => createReadStream(path, { start: range.start, end: range.end }),
  };
}
