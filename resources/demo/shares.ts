/**
 * The shares the demo reproduces (domain.md). Complaint types, regions and categories are
 * the published figures for merchant complaints; the demo applies the region and category
 * shares to every kind of case so queues look alike whichever kind is open.
 */
import type { CaseKind, ComplaintType, ProductCategory, Region, Severity, SubjectType, ViolationCategory, ViolationSource } from '../../shared/domain';
import { weightedTable } from './prng';

/** Violations are most numerous, then refund disputes, merchant complaints, appeals. */
export const KIND_SHARES: Readonly<Record<CaseKind, number>> = {
  violation: 55,
  refund_dispute: 28,
  merchant_complaint: 10,
  appeal: 7,
};

export const COMPLAINT_TYPE_SHARES: Readonly<Record<ComplaintType, number>> = {
  arbitrary_refund: 46.15,
  excessive_protection: 16.67,
  arbitrary_fine: 15.39,
  arbitrary_closure: 5.13,
  withheld_deposit: 3.85,
  forced_insurance: 2.56,
  other: 10.25,
};

/** Guangdong, Shandong, Zhejiang as published; the other 47.43 % spread by trade volume. */
export const REGION_SHARES: Readonly<Record<Region, number>> = {
  guangdong: 23.08,
  shandong: 16.67,
  zhejiang: 12.82,
  jiangsu: 7,
  fujian: 6,
  henan: 5,
  hebei: 4,
  sichuan: 3.5,
  hubei: 3,
  hunan: 3,
  shanghai: 3.5,
  beijing: 2.5,
  anhui: 2.5,
  liaoning: 2,
  other: 5.43,
};

/** Apparel, food and fresh, outdoor, 3C digital, beauty as published; the other 52.56 % spread. */
export const CATEGORY_SHARES: Readonly<Record<ProductCategory, number>> = {
  apparel: 16.67,
  food_fresh: 12.82,
  outdoor: 7.69,
  digital_3c: 6.41,
  beauty: 3.85,
  home: 12,
  baby: 6,
  jewelry: 5,
  plants: 4,
  collectibles: 4,
  virtual: 3,
  second_hand: 3,
  other: 15.56,
};

export const VIOLATION_CATEGORY_SHARES: Readonly<Record<ViolationCategory, number>> = {
  false_advertising: 24,
  inducement_interaction: 16,
  fraudulent_marketing: 14,
  poor_quality: 14,
  counterfeit_ip: 10,
  price_fraud: 8,
  blind_box: 6,
  prohibited_goods: 4,
  minors_harm: 4,
};

export const SUBJECT_TYPE_SHARES: Readonly<Record<SubjectType, number>> = {
  product: 38,
  live_room: 27,
  short_video: 20,
  creator: 8,
  store: 7,
};

export const VIOLATION_SOURCE_SHARES: Readonly<Record<ViolationSource, number>> = {
  automated: 55,
  user_report: 25,
  sampling: 12,
  rights_holder: 8,
};

export const SEVERITY_SHARES: Readonly<Record<Severity, number>> = {
  minor: 45,
  general: 35,
  serious: 15,
  extremely_serious: 5,
};

export const KIND_TABLE = weightedTable(KIND_SHARES);
export const COMPLAINT_TYPE_TABLE = weightedTable(COMPLAINT_TYPE_SHARES);
export const REGION_TABLE = weightedTable(REGION_SHARES);
export const CATEGORY_TABLE = weightedTable(CATEGORY_SHARES);
export const VIOLATION_CATEGORY_TABLE = weightedTable(VIOLATION_CATEGORY_SHARES);
export const SUBJECT_TYPE_TABLE = weightedTable(SUBJECT_TYPE_SHARES);
export const VIOLATION_SOURCE_TABLE = weightedTable(VIOLATION_SOURCE_SHARES);
export const SEVERITY_TABLE = weightedTable(SEVERITY_SHARES);
