import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatMessage, EvidenceRef, Order } from '../../../shared/domain';
import { EVIDENCE_PARTIES } from '../../../shared/domain';
import { useApi } from '../api/context';
import { EvidenceViewer } from '../evidence/EvidenceViewer';
import { isPhoto, isVideo } from '../evidence/EvidencePane';
import { useCommand } from '../shell/commands';
import { PhotoReuseFlag } from '../evidence/PhotoReuseFlag';
import { Section } from './parts';

/** A thumbnail made by the console (sharp) from the cached photo; a tile for a video or a text capture. */
function Thumb({ caseId, item, onOpen }: { caseId: string; item: EvidenceRef; onOpen: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [failed, setFailed] = useState(false);
  const label = isVideo(item) ? `▶ ${t('caseView.evidence.video')}` : item.mediaType === 'text/plain' ? t('caseView.evidence.text') : null;
  return (
    <figure className="evidence-thumb" data-testid="evidence-thumb" data-party={item.party} data-sha={item.sha256} data-media={item.mediaType}>
      <button type="button" className="evidence-button" title={t('caseView.evidence.open')} onClick={onOpen}>
        {label ? (
          <div className="evidence-placeholder">{label}</div>
        ) : failed ? (
          <div className="evidence-placeholder">{t('caseView.evidence.failed')}</div>
        ) : (
          <img src={api.evidenceUrl(item.sha256, 'thumb')} alt={item.caption} loading="lazy" onError={() => setFailed(true)} />
        )}
      </button>
      <figcaption>{item.caption}</figcaption>
      {isPhoto(item) && <PhotoReuseFlag caseId={caseId} sha256={item.sha256} />}
    </figure>
  );
}

export interface EvidenceSectionProps {
  caseId: string;
  evidence: readonly EvidenceRef[];
  order?: Order | null;
  chat?: readonly ChatMessage[];
  /** Whether this case view has the keyboard (V opens the viewer). */
  active?: boolean;
  /** Passed to the viewer: shown under each photo's facts. */
  besideFacts?: (caseId: string, sha256: string) => ReactNode;
}

/** Thumbnails grouped by who submitted them; any of them opens the viewer there. */
export function EvidenceSection({ caseId, evidence, order = null, chat = [], active = true, besideFacts }: EvidenceSectionProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const first = evidence.find(isPhoto) ?? evidence[0];
  useCommand('viewerOpen', () => (first ? setOpen(first.sha256) : false), active && open === null);
  return (
    <Section title={`${t('caseView.sections.evidence')} (${evidence.length})`} testId="case-evidence">
      {evidence.length === 0 && <p className="muted">{t('caseView.evidence.none')}</p>}
      {first && (
        <button type="button" className="link" data-testid="evidence-open-viewer" onClick={() => setOpen(first.sha256)}>
          {t('evidenceViewer.open')}
        </button>
      )}
      {EVIDENCE_PARTIES.map((party) => {
        const items = evidence.filter((e) => e.party === party);
        if (items.length === 0) return null;
        return (
          <div key={party} className="evidence-group">
            <h4>{t(`party.${party}`)}</h4>
            <div className="evidence-strip">
              {items.map((e) => (
                <Thumb key={e.sha256} caseId={caseId} item={e} onOpen={() => setOpen(e.sha256)} />
              ))}
            </div>
          </div>
        );
      })}
      {open && <EvidenceViewer caseId={caseId} evidence={evidence} startAt={open} order={order} chat={chat} onClose={() => setOpen(null)} besideFacts={besideFacts} />}
    </Section>
  );
}
