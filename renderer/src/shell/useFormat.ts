import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api';
import { formatFen } from '../format/money';
import { refusalsLine } from '../format/refusals';
import { durationParts, formatDate, formatDateTime, formatRelative } from '../format/time';

/** Locale-bound formatters: money, dates, relative times, durations, errors (also for the grid's plain cell renderers, outside React). */
export function formatters(t: TFunction, locale: string) {
  /** Why, in words: the reasons in this language when coded, else the core's or the service's message. */
  const reason = (e: ApiError): string => (e.refusals?.length ? refusalsLine(e.refusals, t, locale) : e.message);
  return {
    locale,
    money: (fen: number) => formatFen(fen, locale),
    dateTime: (ms: number) => formatDateTime(ms, locale),
    date: (ms: number) => formatDate(ms, locale),
    relative: (ms: number, now: number) => formatRelative(ms, now, locale),
    number: (n: number) => n.toLocaleString(locale),
    duration: (ms: number) => {
      const p = durationParts(ms);
      if (p.days > 0) return t('duration.dh', { days: p.days, hours: p.hours });
      if (p.hours > 0) return t('duration.hm', { hours: p.hours, minutes: p.minutes });
      return t('duration.m', { minutes: p.minutes });
    },
    reason,
    /** An error in one sentence of this language: the coded reasons, else what its code means for the reviewer. */
    error: (e: ApiError) => (e.refusals?.length ? refusalsLine(e.refusals, t, locale) : t(`screen.errorSentence.${e.code}`)),
    /** The technical detail behind an error (the core's or the service's own words), for a "details" toggle. */
    errorDetail: (e: ApiError): string | null => (e.message.trim() === '' ? null : `${e.code}: ${e.message}`),
  };
}
export type Format = ReturnType<typeof formatters>;

/** The formatters for components, following the language. */
export function useFormat(): Format {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return useMemo(() => formatters(t, locale), [t, locale]);
}
