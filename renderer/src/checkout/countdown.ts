/** What is left of a lease, as a clock counting down: "7:59:05", "0:04:30"; 0 once it has run out. */
export function countdownText(expiresAt: number, now: number): string {
  const left = Math.max(0, Math.floor((expiresAt - now) / 1000));
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** A count typed into the checkout dialog: a whole number from 1 to `max`, or null. */
export function parseCheckoutCount(text: string, max: number): number | null {
  if (!/^\d{1,4}$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= 1 && n <= max ? n : null;
}
