/**
 * What makes a string of digits a mainland mobile number, a resident ID number or a bank card
 * number. Pure checks on digits only (separators already removed).
 */

/** Mainland mobile numbers: 11 digits, 1 then 3–9 (13x … 19x); 10x–12x are service and test ranges. */
export function isMainlandMobile(digits: string): boolean {
  return /^1[3-9]\d{9}$/.test(digits);
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';

/** The check character of the first 17 digits of a resident ID number (ISO 7064 MOD 11-2). */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK_CHARS[sum % 11] as string;
}

/**
 * An 18-character resident ID number (GB 11643): a region code whose first digit is a
 * province group (1–8), a birth date that exists (1900 to 2099), a sequence and the
 * MOD 11-2 check character (`X` for 10, either case).
 */
export function isResidentIdNumber(s: string): boolean {
  if (!/^[1-8]\d{16}[\dXx]$/.test(s)) return false;
  const year = Number(s.slice(6, 10));
  const month = Number(s.slice(10, 12));
  const day = Number(s.slice(12, 14));
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  return residentIdCheckChar(s.slice(0, 17)) === s[17]?.toUpperCase();
}

/** The Luhn (mod 10) check that bank card numbers carry in their last digit. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * A bank card number: 16 to 19 digits, Luhn-valid, from an issuer range that cards use
 * (first digit 2–6 for the card networks, UnionPay's 62 included; 9 for domestic debit cards
 * such as 9558…). Airline (1), petroleum (7) and telecom (8) ranges are not bank cards.
 */
export function isBankCardNumber(digits: string): boolean {
  return /^[2-69]\d{15,18}$/.test(digits) && luhnValid(digits);
}
