/**
 * The redress open against a decision, with deadlines. The rulebook does not (yet) carry
 * redress terms, so the policy is here, in one place:
 *  - an internal complaint (an appeal of a penalty, a merchant complaint against a refund
 *    ruling) stays open for six calendar months after the decision takes effect, the minimum
 *    DSA Art. 20(1) asks for;
 *  - a decision on an appeal or a complaint closes the internal route; out-of-court settlement
 *    (DSA Art. 21) remains, and the courts within the three-year limitation period of
 *    民法典 Art. 188.
 * Deadlines end at midnight Beijing time (UTC+8), the time the notices are written in.
 */
import type { CaseKind } from '../domain';
import type { RedressRoute } from './schema';

export const REDRESS_POLICY = {
  internalComplaintMonths: 6,
  judicialLimitationYears: 3,
} as const;

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The calendar date in Beijing of a UTC instant. */
export function beijingDate(at: number): { year: number; month: number; day: number } {
  const d = new Date(at + BEIJING_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** `2027年5月21日` */
export function beijingDateZh(at: number): string {
  const { year, month, day } = beijingDate(at);
  return `${year}年${month}月${day}日`;
}

/** `2027-05-21` */
export function beijingDateIso(at: number): string {
  const { year, month, day } = beijingDate(at);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The last millisecond of the Beijing day `months` calendar months after `at`'s Beijing date.
 * A day the target month lacks (31 August + 6 months) rolls into the next month, which only
 * lengthens the period.
 */
export function deadlineAfterMonths(at: number, months: number): number {
  const { year, month, day } = beijingDate(at);
  return Date.UTC(year, month - 1 + months, day + 1) - BEIJING_OFFSET_MS - 1;
}

const INTERNAL: Partial<Record<CaseKind, Pick<RedressRoute, 'route' | 'description'>>> = {
  violation: {
    route: 'appeal',
    description: { zh: '通过商家后台“申诉”提交申诉，由原决定人以外的工作人员复核', en: 'appeal through the merchant back office; someone other than the original decision-maker reviews it' },
  },
  refund_dispute: {
    route: 'merchant_complaint',
    description: { zh: '通过商家后台“投诉”对本裁定提出投诉，由仲裁员依证据复核', en: 'complain about this ruling through the merchant back office; an arbiter reviews it on the evidence' },
  },
};

/** The routes open against a decision on a case of `kind` that took effect at `effectiveAt`. */
export function redressRoutes(kind: CaseKind, effectiveAt: number): RedressRoute[] {
  const routes: RedressRoute[] = [];
  const internal = INTERNAL[kind];
  if (internal) routes.push({ ...internal, deadlineAt: deadlineAfterMonths(effectiveAt, REDRESS_POLICY.internalComplaintMonths) });
  routes.push({
    route: 'out_of_court_settlement',
    deadlineAt: null,
    description: { zh: '向经认证的庭外争议解决机构申请处理', en: 'refer the dispute to a certified out-of-court dispute settlement body' },
  });
  routes.push({
    route: 'judicial',
    deadlineAt: deadlineAfterMonths(effectiveAt, REDRESS_POLICY.judicialLimitationYears * 12),
    description: { zh: '依法向有管辖权的人民法院提起诉讼（诉讼时效三年）', en: 'bring proceedings before the competent court (three-year limitation period)' },
  });
  return routes;
}
