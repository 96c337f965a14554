/**
 * In the decision form, with "flag malicious buyer": which reused photo the decision cites as
 * evidence. Offers every match of the case's photos (closest first), the closest chosen.
 */
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DecisionBody, EvidenceMatchCitation } from '../../../shared/domain';
import { useCaseReuse } from './useCaseReuse';

const short = (sha256: string) => sha256.slice(0, 8);
const keyOf = (m: EvidenceMatchCitation) => `${m.sha256}/${m.matchedCaseId}/${m.matchedSha256}`;

export function citableMatches(reuse: ReturnType<typeof useCaseReuse>['data']): EvidenceMatchCitation[] {
  if (!reuse) return [];
  return reuse.photos
    .flatMap((p) => p.matches.map((m) => ({ sha256: p.sha256, matchedCaseId: m.caseId, matchedSha256: m.sha256, distance: m.distance })))
    .sort((a, b) => a.distance - b.distance);
}

/** The body with the citation, when the outcome is the one that takes it. */
export function withCitation(body: DecisionBody, cited: EvidenceMatchCitation | null): DecisionBody {
  if (!cited || body.kind !== 'refund_dispute' || body.outcome.type !== 'flag_malicious_buyer') return body;
  return { ...body, outcome: { ...body.outcome, evidenceMatch: cited } };
}

export interface MatchCitationProps {
  caseId: string;
  /** null: not chosen yet; 'none': the reviewer cites nothing. */
  cited: EvidenceMatchCitation | 'none' | null;
  onCite: (m: EvidenceMatchCitation | 'none') => void;
}

export function MatchCitation({ caseId, cited, onCite }: MatchCitationProps) {
  const { t } = useTranslation();
  const reuse = useCaseReuse(caseId).data;
  const matches = useMemo(() => citableMatches(reuse), [reuse]);
  const first = matches[0] ?? null;
  // The closest match is cited unless the reviewer chooses otherwise.
  useEffect(() => {
    if (cited === null && first) onCite(first);
  }, [cited, first, onCite]);
  if (matches.length === 0) return <p className="muted small" data-testid="decision-citation-none">{t('evidenceReuse.citeNoMatch')}</p>;
  return (
    <label className="field">
      <span>{t('evidenceReuse.cite')}</span>
      <select
        data-testid="decision-citation"
        value={cited && cited !== 'none' ? keyOf(cited) : ''}
        onChange={(e) => onCite(matches.find((m) => keyOf(m) === e.target.value) ?? 'none')}
      >
        <option value="">{t('evidenceReuse.citeNone')}</option>
        {matches.map((m) => (
          <option key={keyOf(m)} value={keyOf(m)}>
            {t('evidenceReuse.citeOption', { sha: short(m.sha256), caseId: m.matchedCaseId, distance: m.distance })}
          </option>
        ))}
      </select>
    </label>
  );
}
