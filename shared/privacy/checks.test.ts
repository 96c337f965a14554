import { describe, expect, it } from 'vitest';
import { isBankCardNumber, isMainlandMobile, isResidentIdNumber, luhnValid, residentIdCheckChar } from './checks';

describe('resident ID numbers', () => {
  it('accepts the standard example and numbers whose check character is X', () => {
    expect(isResidentIdNumber('11010519491231002X')).toBe(true);
    expect(isResidentIdNumber('11010519491231002x')).toBe(true);
    expect(isResidentIdNumber('440305199001011234'.slice(0, 17) + residentIdCheckChar('44030519900101123'))).toBe(true);
  });
  it('refuses a wrong check character, a date that does not exist, and region groups 0 and 9', () => {
    expect(isResidentIdNumber('110105194912310021')).toBe(false);
    const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);
    expect(isResidentIdNumber(withCheck('44030519900230123'))).toBe(false); // 30 February
    expect(isResidentIdNumber(withCheck('44030518991231123'))).toBe(false); // born 1899
    expect(isResidentIdNumber(withCheck('04030519900101123'))).toBe(false);
    expect(isResidentIdNumber(withCheck('94030519900101123'))).toBe(false);
    expect(isResidentIdNumber(withCheck('44030520000229123'))).toBe(true); // 2000 was a leap year
  });
});

describe('bank card numbers', () => {
  it('checks Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true);
  });
  it('takes 16–19 digits from the card issuers’ ranges only', () => {
    expect(isBankCardNumber('4111111111111111')).toBe(true);
    expect(isBankCardNumber('6222021234567890128')).toBe(true);
    expect(isBankCardNumber('411111111111116')).toBe(false); // 15 digits
    expect(isBankCardNumber('7111111111111119')).toBe(false); // petroleum range
  });
});

describe('mainland mobile numbers', () => {
  it('are 11 digits starting 13–19', () => {
    expect(isMainlandMobile('13812345678')).toBe(true);
    expect(isMainlandMobile('19912345678')).toBe(true);
    expect(isMainlandMobile('12812345678')).toBe(false);
    expect(isMainlandMobile('1381234567')).toBe(false);
  });
});
