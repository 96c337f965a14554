/**
 * Known-bad image lists as Hasher-Matcher-Actioner exchanges them in CSV. Two layouts are read:
 * - with a header row naming its columns: the hash in `signal_value` (or `signal`, `hash`,
 *   `pdq`), optionally `signal_type` (only `pdq` rows are taken), an id in `id` (or
 *   `signal_id`, `indicator_id`) and `tags`;
 * - without a header, as HMA's ThreatExchange data files hold PDQ signals: `hash,id,timestamp,tags`.
 * Tags are separated by spaces or semicolons. Every bad row is reported with its line number;
 * nothing is imported from a file with a bad row, so a list is never half applied.
 */
import { pdqFromHex } from './pdq-hash256';

export interface KnownBadEntry {
  entryId: string;
  /** 64 lowercase hex digits. */
  pdq: string;
  tags: string[];
}

export interface KnownBadRowError {
  line: number;
  message: string;
}

export type KnownBadParse = { ok: true; entries: KnownBadEntry[]; skipped: number } | { ok: false; errors: KnownBadRowError[] };

export const MAX_KNOWN_BAD_ENTRIES = 200_000;
const MAX_ID = 80;
const MAX_TAGS = 10;
const MAX_TAG = 60;

const HASH_COLUMNS = ['signal_value', 'signal', 'hash', 'pdq', 'pdq_hash'];
const ID_COLUMNS = ['id', 'signal_id', 'indicator_id', 'entry_id'];

/** One CSV record's fields (RFC 4180 quoting: "" is a quote inside a quoted field). */
function parseRecord(line: string): string[] | string {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return 'a quoted field is not closed';
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += line[i++];
      }
      if (i < line.length && line[i] !== ',') return `unexpected ${JSON.stringify(line[i])} after a quoted field`;
    } else {
      const end = line.indexOf(',', i);
      field = end < 0 ? line.slice(i) : line.slice(i, end);
      i = end < 0 ? line.length : end;
    }
    out.push(field.trim());
    if (i >= line.length) return out;
    i++;
  }
}

interface Layout {
  hash: number;
  id: number | null;
  tags: number | null;
  type: number | null;
}

function headerLayout(fields: string[]): Layout | null {
  const names = fields.map((f) => f.toLowerCase());
  const find = (candidates: string[]) => {
    const i = names.findIndex((n) => candidates.includes(n));
    return i < 0 ? null : i;
  };
  const hash = find(HASH_COLUMNS);
  if (hash === null) return null;
  return { hash, id: find(ID_COLUMNS), tags: find(['tags']), type: find(['signal_type']) };
}

const HEADERLESS: Layout = { hash: 0, id: 1, tags: 3, type: null };

export function parseKnownBadCsv(text: string): KnownBadParse {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const errors: KnownBadRowError[] = [];
  const entries: KnownBadEntry[] = [];
  const ids = new Map<string, number>();
  let layout: Layout | null = null;
  let skipped = 0;
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n] as string;
    if (raw.trim() === '') continue;
    const line = n + 1;
    const fields = parseRecord(raw);
    if (typeof fields === 'string') {
      errors.push({ line, message: fields });
      continue;
    }
    if (layout === null) {
      layout = headerLayout(fields);
      if (layout) continue;
      if (fields.some((f) => /^(signal_type|signal_value|indicator_id|tags)$/i.test(f))) {
        errors.push({ line, message: `the header names no hash column: expected one of ${HASH_COLUMNS.join(', ')}` });
        return { ok: false, errors };
      }
      layout = HEADERLESS;
    }
    const type = layout.type === null ? 'pdq' : (fields[layout.type] ?? '').toLowerCase();
    if (type !== 'pdq') {
      // A list may carry other signal types (video MD5, text); only PDQ applies to photos.
      skipped++;
      continue;
    }
    const hash = (fields[layout.hash] ?? '').toLowerCase();
    try {
      pdqFromHex(hash);
    } catch (e) {
      errors.push({ line, message: e instanceof Error ? e.message : String(e) });
      continue;
    }
    const entryId = layout.id === null ? hash : (fields[layout.id] ?? '');
    if (entryId === '' || entryId.length > MAX_ID) {
      errors.push({ line, message: entryId === '' ? 'the id is empty' : `the id is longer than ${MAX_ID} characters` });
      continue;
    }
    const first = ids.get(entryId);
    if (first !== undefined) {
      errors.push({ line, message: `id ${entryId} appears twice (also on line ${first})` });
      continue;
    }
    const tags = layout.tags === null ? [] : (fields[layout.tags] ?? '').split(/[\s;]+/).filter((t) => t !== '');
    if (tags.length > MAX_TAGS || tags.some((t) => t.length > MAX_TAG)) {
      errors.push({ line, message: `at most ${MAX_TAGS} tags of ${MAX_TAG} characters each` });
      continue;
    }
    ids.set(entryId, line);
    entries.push({ entryId, pdq: hash, tags });
  }
  if (errors.length === 0 && entries.length > MAX_KNOWN_BAD_ENTRIES) errors.push({ line: 0, message: `${entries.length} entries; at most ${MAX_KNOWN_BAD_ENTRIES} per list` });
  if (errors.length === 0 && entries.length === 0) errors.push({ line: 0, message: 'the file holds no PDQ entry' });
  return errors.length ? { ok: false, errors } : { ok: true, entries, skipped };
}
