/**
 * Money arithmetic for the rulebook: integer fen only. Percentages are basis points
 * (1 bp = 0.01 %, 10 000 bp = the whole amount) with one explicit rounding rule.
 */

export const WHOLE_BP = 10_000;

/**
 * `bp` basis points of `amountFen`, rounded half up to whole fen (a half fen goes to the
 * party receiving the share). Amounts are at most 1e10 fen and shares at most 1e4 bp, so
 * the product stays below 2^53 and the integer arithmetic below is exact.
 */
export function fenOfBasisPoints(amountFen: number, bp: number): number {
  const scaled = amountFen * bp + WHOLE_BP / 2;
  return (scaled - (scaled % WHOLE_BP)) / WHOLE_BP;
}

/** ¥1,234.56 — for reasons and clause-bound messages, never for arithmetic. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}
