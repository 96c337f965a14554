import type { TFunction } from 'i18next';

/** The timeline events the platform and the case service record, each with a sentence in both languages (`screen.event`). */
export const TIMELINE_EVENTS = [
  'opened', 'created', 'after_sale_requested', 'merchant_rejected', 'platform_intervention_requested', 'appeal_filed', 'complaint_filed',
  'platform_action', 'repeat_offence', 'violation_decided', 'withdrawn', 'decided', 'awaiting_approval', 'approved', 'approval_rejected', 'delivered',
] as const;
type TimelineEvent = (typeof TIMELINE_EVENTS)[number];

const known = (code: string): code is TimelineEvent => (TIMELINE_EVENTS as readonly string[]).includes(code);

/** An event as a sentence; one this console does not know yet (a newer platform's) says so, never its raw code. */
export function eventSentence(code: string, t: TFunction): string {
  return known(code) ? t(`screen.event.${code}`) : t('screen.event.unknown');
}
