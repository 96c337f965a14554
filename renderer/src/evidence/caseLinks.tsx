/**
 * Following a link from one case to another (a reused photo's other dispute) and coming back:
 * the shell keeps the trail, a case view shows "back" when it was reached by a link.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseKind } from '../../../shared/domain';

export interface CaseRef {
  kind: CaseKind;
  caseId: string;
}

export interface CaseLinks {
  open(to: CaseRef, from: CaseRef): void;
  /** The case the last followed link led from, when the reviewer is on the case it led to. */
  backFrom(caseId: string): CaseRef | null;
  back(): void;
}

const CaseLinksContext = createContext<CaseLinks | null>(null);

export function CaseLinksProvider({ links, children }: { links: CaseLinks; children: ReactNode }) {
  return <CaseLinksContext.Provider value={links}>{children}</CaseLinksContext.Provider>;
}

export function useCaseLinks(): CaseLinks | null {
  return useContext(CaseLinksContext);
}

/** "← Back to case X" on a case reached by a link. */
export function CaseBackLink({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const links = useCaseLinks();
  const from = links?.backFrom(caseId) ?? null;
  if (!links || !from) return null;
  return (
    <button type="button" className="link" data-testid="case-back" onClick={() => links.back()}>
      {t('evidenceReuse.back', { caseId: from.caseId })}
    </button>
  );
}
