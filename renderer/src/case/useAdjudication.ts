import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError, ChannelOutput } from '../../../shared/api';
import type { Case, CaseKind, DecisionBody } from '../../../shared/domain';
import type { CaseFacts } from '../../../shared/rulebook/facts';
import { judgeDraft } from '../../../shared/rulebook/judge';
import type { Rulebook } from '../../../shared/rulebook/schema';
import { useApi } from '../api/context';
import { emptyFactsDraft, factsFromDraft, type FactsDraft } from './factsDraft';

export type RecommendOutput = ChannelOutput<'case.recommend'>;
export type CheckOutput = ChannelOutput<'case.check'>;

export type Asked<T> =
  | { status: 'idle' }
  | { status: 'loading'; last: T | null }
  | { status: 'ready'; value: T }
  | { status: 'error'; error: ApiError };

const DEBOUNCE_MS = 250;

/**
 * Asks the core on `channel` whenever `input` changes (debounced; a newer question wins),
 * keeping the last answer visible while the next one is on its way.
 */
function useAsk<T>(key: string | null, ask: () => Promise<{ ok: true; value: T } | { ok: false; error: ApiError }>): Asked<T> {
  const [state, setState] = useState<Asked<T>>({ status: 'idle' });
  const seq = useRef(0);
  const latestAsk = useRef(ask);
  useEffect(() => {
    latestAsk.current = ask;
  });
  useEffect(() => {
    const mine = ++seq.current;
    if (key === null) {
      setState({ status: 'idle' });
      return;
    }
    setState((s) => ({ status: 'loading', last: s.status === 'ready' ? s.value : s.status === 'loading' ? s.last : null }));
    const timer = setTimeout(() => {
      void latestAsk.current().then((r) => {
        if (mine !== seq.current) return;
        setState(r.ok ? { status: 'ready', value: r.value } : { status: 'error', error: r.error });
      });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key]);
  return state;
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
  const key = enabled && facts ? `${caseId}|${JSON.stringify(facts)}` : null;
  const recommendation = useAsk<RecommendOutput>(key, () => api.invoke('case.recommend', { caseId, facts: facts ?? undefined }));
  return { draft, setDraft, facts, invalid: factsResult.ok ? [] : factsResult.invalid, recommendation };
}

/**
 * The rulebook version the console judges by, asked when the case changes (a newer version may
 * have come into force), and the shared judgement of the body being edited by it.
 */
export function useDecisionCheck(c: Case, body: DecisionBody | null, facts: CaseFacts | null): { check: Asked<CheckOutput>; rulebook: Rulebook | null } {
  const api = useApi();
  const asked = useAsk<Rulebook>(c.id, () => api.invoke('rulebook.current', {}));
  // While the next case's version is asked, the last one answers: versions change rarely.
  const rulebook = answered(asked);
  // Judged again only when the body or the facts change (`key` stands for both), not on every keystroke in the reason.
  const key = body ? `${JSON.stringify(body)}|${JSON.stringify(facts)}` : null;
  const check = useMemo((): Asked<CheckOutput> => {
    if (!body) return { status: 'idle' };
    if (asked.status === 'error') return asked;
    if (!rulebook) return { status: 'loading', last: null };
    return { status: 'ready', value: judgeDraft(c, body, facts ?? undefined, rulebook) };
  }, [asked, rulebook, c, key]);
  return { check, rulebook };
}
