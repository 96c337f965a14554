/**
 * Reads the output of `COPY … TO … (FORMAT binary)`: an 11-byte signature, flags and a header
 * extension, then per row a 16-bit field count and per field a 32-bit length (-1 for NULL) and
 * its bytes, then a field count of -1. Text values come out as their bytes, untouched: the text
 * and CSV formats make the server scan every byte of every value for characters to escape.
 */

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_BYTES = SIGNATURE.length + 8;
const NULL_LENGTH = -1;
const TRAILER = -1;

export class CopyFormatError extends Error {
  constructor(detail: string) {
    super(`binary COPY output is malformed: ${detail}`);
    this.name = 'CopyFormatError';
  }
}

/** The rows of a binary COPY, each value a span of the bytes received. */
export class CopiedRows {
  constructor(
    /** The COPY output as received. */
    readonly data: Buffer,
    readonly rows: number,
    private readonly fields: number,
    /** Per row, per field: the value's start and end in `data`, or -1, -1 for NULL. */
    private readonly spans: Int32Array,
  ) {}

  /** Where the value of `field` in `row` starts in `data`; -1 for NULL. */
  start(row: number, field: number): number {
    return this.spans[2 * (row * this.fields + field)] ?? -1;
  }

  /** Where it ends (exclusive); -1 for NULL. */
  end(row: number, field: number): number {
    return this.spans[2 * (row * this.fields + field) + 1] ?? -1;
  }
}

/** The rows of a binary COPY of `fields` columns; refuses output that is cut off or has another number of columns. */
export function readCopiedRows(output: Uint8Array, fields: number): CopiedRows {
  const data = Buffer.from(output.buffer, output.byteOffset, output.byteLength);
  if (data.length < HEADER_BYTES + 2 || !data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new CopyFormatError('no binary COPY signature');
  const extension = data.readInt32BE(SIGNATURE.length + 4);
  if (extension < 0) throw new CopyFormatError('a negative header extension');
  let at = HEADER_BYTES + extension;
  let spans = new Int32Array(2 * fields * 256);
  let rows = 0;
  for (;;) {
    if (at + 2 > data.length) throw new CopyFormatError(`cut off after ${rows} rows`);
    const count = data.readInt16BE(at);
    at += 2;
    if (count === TRAILER) break;
    if (count !== fields) throw new CopyFormatError(`row ${rows + 1} has ${count} fields, not ${fields}`);
    if (2 * fields * (rows + 1) > spans.length) {
      const grown = new Int32Array(spans.length * 2);
      grown.set(spans);
      spans = grown;
    }
    for (let f = 0, s = 2 * fields * rows; f < fields; f++, s += 2) {
      if (at + 4 > data.length) throw new CopyFormatError(`cut off in row ${rows + 1}`);
      const length = data.readInt32BE(at);
      at += 4;
      if (length === NULL_LENGTH) {
        spans[s] = -1;
        spans[s + 1] = -1;
        continue;
      }
      if (length < 0 || at + length > data.length) throw new CopyFormatError(`cut off in row ${rows + 1}`);
      spans[s] = at;
      spans[s + 1] = at + length;
      at += length;
    }
    rows += 1;
  }
  return new CopiedRows(data, rows, fields, spans);
}
