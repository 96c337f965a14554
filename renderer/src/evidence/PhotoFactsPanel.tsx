import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceRef } from '../../../shared/domain';
import { takenTooEarly, type CaptureTime } from '../../../shared/evidence/photo-facts';
import { useApi } from '../api/context';
import { apiErrorOf, ask } from '../data/ask';
import { queryKeys } from '../data/queryKeys';
import { useFormat } from '../shell/useFormat';

export interface OrderTimes {
  deliveredAt: number | null;
  signedAt: number | null;
}

/** `2026-12-01T10:00:00` and `+08:00` as the reviewer reads them: the photo's own clock, its zone or "unknown". */
function CaptureText({ c }: { c: CaptureTime }) {
  const { t } = useTranslation();
  return (
    <span data-testid="photo-captured" data-offset={c.offset ?? ''}>
      {c.local.replace('T', ' ')} {c.offset !== null ? `UTC${c.offset}` : <em className="muted">({t('evidenceViewer.facts.zoneUnknown')})</em>}
    </span>
  );
}

/**
 * What the photo says about itself, beside it: capture time and zone, size, editing software,
 * and for a buyer's photo in a case with a delivery, whether it was taken too early to show
 * damage from it. `children` sits right under the facts: the place for reuse flags.
 */
export function PhotoFactsPanel({ item, order, children }: { item: EvidenceRef; order: OrderTimes | null; children?: ReactNode }) {
  const { t } = useTranslation();
  const f = useFormat();
  const api = useApi();
  const facts = useQuery({ queryKey: queryKeys.evidenceFacts(item.sha256), queryFn: () => ask(api, 'evidence.facts', { sha256: item.sha256 }), staleTime: Infinity });
  const early = facts.data && order && item.party === 'buyer' ? takenTooEarly(facts.data.captured, order) : null;
  return (
    <section className="photo-facts" data-testid="photo-facts" data-sha={item.sha256} data-party={item.party}>
      <h4>{t('evidenceViewer.facts.title')}</h4>
      <p className="small">{item.caption}</p>
      {facts.isPending ? (
        <p className="muted">{t('evidenceViewer.facts.loading')}</p>
      ) : facts.isError ? (
        <p className="muted">{t('evidenceViewer.facts.failed', { message: apiErrorOf(facts.error).message })}</p>
      ) : (
        <>
          {early && order && (
            <p className="notice notice-error photo-early" role="alert" data-testid="photo-taken-early" data-reason={early}>
              {t(early === 'before_delivery' ? 'evidenceViewer.facts.beforeDelivery' : 'evidenceViewer.facts.beforeSignoff', {
                when: f.dateTime((early === 'before_delivery' ? order.deliveredAt : order.signedAt) ?? 0),
              })}
            </p>
          )}
          <dl className="facts">
            <dt>{t('evidenceViewer.facts.captured')}</dt>
            <dd>{facts.data.captured ? <CaptureText c={facts.data.captured} /> : <span className="muted">{t('evidenceViewer.facts.noTime')}</span>}</dd>
            {facts.data.width !== null && facts.data.height !== null && (
              <>
                <dt>{t('evidenceViewer.facts.size')}</dt>
                <dd data-testid="photo-size">{t('evidenceViewer.facts.sizeValue', { width: facts.data.width, height: facts.data.height })}</dd>
              </>
            )}
            {facts.data.software !== null && (
              <>
                <dt>{t('evidenceViewer.facts.software')}</dt>
                <dd data-testid="photo-software">{facts.data.software}</dd>
              </>
            )}
          </dl>
        </>
      )}
      {children}
    </section>
  );
}
