import { keepPreviousData, useQuery, type QueryKey } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError, ChannelOutput } from '../../../shared/api';
import type { Case, CaseKind, DecisionBody } from '../../../shared/domain';
import type { CaseFacts } from '../../../shared/rulebook/facts';
import { judgeDraft } from '../../../shared/rulebook/judge';
import type { Rulebook } from '../../../shared/rulebook/schema';
import { useApi } from '../api/context';
import { apiErrorOf, ask } from '../data/ask';
import { queryKeys } from '../data/queryKeys';
import { emptyFactsDraft, factsFromDraft, type FactsDraft } from './factsDraft';

export type RecommendOutput = ChannelOutput<'case.recommend'>;
export type CheckOutput = ChannelOutput<'case.check'>;

export type Asked<T> =
  | { status: 'idle' }
  | { status: 'loading'; last: T | null }
  | { status: 'ready'; value: T }
  | { status: 'error'; error: ApiError };

const DEBOUNCE_MS = 250;

interface Question<T> {
  key: QueryKey;
  fn: () => Promise<T>;
}

/**
 * The answer for `key` from the query cache. The first key is asked at once (a case just
 * opened, often answered from the cache already); a changed key once it has held still for
 * DEBOUNCE_MS (typing a fact asks once). The last answer stays visible while the next one is
 * on its way; an answer being confirmed after a change of the case counts as ready.
 */
function useSettledQuery<T>(question: Question<T> | null): Asked<T> {
  const keyText = question === null ? null : JSON.stringify(question.key);
  const [asked, setAsked] = useState<(Question<T> & { text: string }) | null>(() => (question === null || keyText === null ? null : { ...question, text: keyText }));
  const latest = useRef(question);
  const askedText = useRef(asked?.text ?? null);
  useEffect(() => {
    latest.current = question;
    askedText.current = asked?.text ?? null;
  });
  useEffect(() => {
    if (keyText === null || askedText.current === keyText) return;
    const timer = setTimeout(() => {
      const q = latest.current;
      if (q !== null) setAsked({ ...q, text: keyText });
    }, askedText.current === null ? 0 : DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [keyText]);
  const q = useQuery({ queryKey: asked?.key ?? ['unasked'], queryFn: asked?.fn, enabled: asked !== null, placeholderData: keepPreviousData });
  if (keyText === null) return { status: 'idle' };
  const current = asked?.text === keyText && !q.isPlaceholderData;
  if (current && q.error && !q.isFetching) return { status: 'error', error: apiErrorOf(q.error) };
  if (current && q.data !== undefined) return { status: 'ready', value: q.data };
  return { status: 'loading', last: q.data ?? null };
}

/** The latest answer, whether final or being refreshed. */
export function answered<T>(a: Asked<T>): T | null {
  return a.status === 'ready' ? a.value : a.status === 'loading' ? a.last : null;
}

/** The facts the reviewer establishes for a case, and the rulebook's recommendation for them. */
export function useRecommendation(caseId: string, kind: CaseKind, enabled: boolean) {
  const api = useApi();
  const [draft, setDraft] = useState<FactsDraft>(() => emptyFactsDraft(kind));
  useEffect(() => setDraft(emptyFactsDraft(kind)), [caseId, kind]);
  const factsResult = useMemo(() => factsFromDraft(draft), [draft]);
  const facts: CaseFacts | null = factsResult.ok ? factsResult.facts : null;
  const recommendation = useSettledQuery<RecommendOutput>(
    enabled && facts ? { key: queryKeys.recommendation(kind, caseId, facts), fn: () => ask(api, 'case.recommend', { caseId, facts }) } : null,
  );
  return { draft, setDraft, facts, invalid: factsResult.ok ? [] : factsResult.invalid, recommendation };
}

/**
 * The rulebook version the console judges by (one cached answer: versions change rarely), and
 * the shared judgement of the body being edited by it, made here without a round trip.
 */
export function useDecisionCheck(c: Case, body: DecisionBody | null, facts: CaseFacts | null): { check: Asked<CheckOutput>; rulebook: Rulebook | null } {
  const api = useApi();
  const asked = useQuery({ queryKey: queryKeys.rulebook, queryFn: () => ask(api, 'rulebook.current', {}) });
  const rulebook = asked.data ?? null;
  // Judged again only when the body or the facts change (`key` stands for both), not on every keystroke in the reason.
  const key = body ? `${JSON.stringify(body)}|${JSON.stringify(facts)}` : null;
  const error = asked.error;
  const check = useMemo((): Asked<CheckOutput> => {
    if (!body) return { status: 'idle' };
    if (!rulebook) return error ? { status: 'error', error: apiErrorOf(error) } : { status: 'loading', last: null };
    return { status: 'ready', value: judgeDraft(c, body, facts ?? undefined, rulebook) };
  }, [error, rulebook, c, key]);
  return { check, rulebook };
}
