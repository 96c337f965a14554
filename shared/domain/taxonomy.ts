import { z } from 'zod';

/** The four kinds of case (domain.md); each kind is also one sync partition. */
export const CASE_KINDS = ['violation', 'refund_dispute', 'merchant_complaint', 'appeal'] as const;
export const CaseKind = z.enum(CASE_KINDS);
export type CaseKind = z.infer<typeof CaseKind>;

export const CASE_STATUSES = ['open', 'awaiting_approval', 'decided', 'withdrawn'] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const PRODUCT_CATEGORIES = [
  'apparel', 'food_fresh', 'outdoor', 'digital_3c', 'beauty', 'baby', 'home', 'plants', 'jewelry', 'collectibles', 'virtual', 'second_hand', 'other',
] as const;
export const ProductCategory = z.enum(PRODUCT_CATEGORIES);
export type ProductCategory = z.infer<typeof ProductCategory>;

export const REGIONS = [
  'guangdong', 'shandong', 'zhejiang', 'jiangsu', 'fujian', 'henan', 'hebei', 'sichuan', 'hubei', 'hunan', 'shanghai', 'beijing', 'anhui', 'liaoning', 'other',
] as const;
export const Region = z.enum(REGIONS);
export type Region = z.infer<typeof Region>;

export const SEVERITIES = ['minor', 'general', 'serious', 'extremely_serious'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const VIOLATION_CATEGORIES = [
  'false_advertising', 'inducement_interaction', 'blind_box', 'fraudulent_marketing', 'price_fraud', 'counterfeit_ip', 'poor_quality', 'prohibited_goods', 'minors_harm',
] as const;
export const ViolationCategory = z.enum(VIOLATION_CATEGORIES);
export type ViolationCategory = z.infer<typeof ViolationCategory>;

export const VIOLATION_SOURCES = ['automated', 'user_report', 'sampling', 'rights_holder'] as const;
export const ViolationSource = z.enum(VIOLATION_SOURCES);
export type ViolationSource = z.infer<typeof ViolationSource>;

export const SUBJECT_TYPES = ['product', 'live_room', 'short_video', 'creator', 'store'] as const;
export const SubjectType = z.enum(SUBJECT_TYPES);
export type SubjectType = z.infer<typeof SubjectType>;

/** The "安心购" bundle of buyer guarantees an order may carry. */
export const GUARANTEES = [
  'seven_day_no_reason', 'authenticity', 'express_refund', 'shipping_insurance', 'door_pickup', 'damaged_fresh', 'allergy_return', 'breakage_return', 'dead_plant', 'live_truthfulness',
] as const;
export const Guarantee = z.enum(GUARANTEES);
export type Guarantee = z.infer<typeof Guarantee>;

export const AFTER_SALE_TYPES = ['refund_only', 'return_refund', 'exchange'] as const;
export const AfterSaleType = z.enum(AFTER_SALE_TYPES);
export type AfterSaleType = z.infer<typeof AfterSaleType>;

export const COMPLAINT_TYPES = [
  'arbitrary_refund', 'excessive_protection', 'arbitrary_fine', 'arbitrary_closure', 'withheld_deposit', 'forced_insurance', 'other',
] as const;
export const ComplaintType = z.enum(COMPLAINT_TYPES);
export type ComplaintType = z.infer<typeof ComplaintType>;

export const EVIDENCE_PARTIES = ['buyer', 'merchant', 'platform'] as const;
export const EvidenceParty = z.enum(EVIDENCE_PARTIES);
export type EvidenceParty = z.infer<typeof EvidenceParty>;
