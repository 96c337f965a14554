import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceRef } from '../../../shared/domain';
import { EVIDENCE_PARTIES } from '../../../shared/domain';
import { useApi } from '../api/context';
import type { ConsoleClient } from '../api/client';
import { useCommand } from '../shell/commands';
import { PhotoReuseFlag } from '../evidence/PhotoReuseFlag';
import { Section } from './parts';

/** Evidence is content-addressed and immutable, so a data URL fetched once stays right. Bounded. */
const cache = new Map<string, string>();
const CACHE_LIMIT = 150;

async function loadEvidence(api: ConsoleClient, sha256: string): Promise<string | null> {
  const hit = cache.get(sha256);
  if (hit) return hit;
  const r = await api.invoke('evidence.get', { sha256 });
  if (!r.ok) return null;
  const url = `data:${r.value.mediaType};base64,${r.value.dataBase64}`;
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(sha256, url);
  return url;
}

const isImage = (e: EvidenceRef) => e.mediaType.startsWith('image/');

function Thumb({ caseId, item, onOpen }: { caseId: string; item: EvidenceRef; onOpen: (url: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [url, setUrl] = useState<string | null | 'failed'>(() => cache.get(item.sha256) ?? null);
  useEffect(() => {
    if (!isImage(item) || cache.has(item.sha256)) return;
    let live = true;
    void loadEvidence(api, item.sha256).then((u) => live && setUrl(u ?? 'failed'));
    return () => {
      live = false;
    };
  }, [api, item]);
  const label = item.mediaType === 'video/mp4' ? t('caseView.evidence.video') : item.mediaType === 'text/plain' ? t('caseView.evidence.text') : null;
  return (
    <figure className="evidence-thumb" data-testid="evidence-thumb" data-party={item.party}>
      {label ? (
        <div className="evidence-placeholder">{label}</div>
      ) : url === null ? (
        <div className="evidence-placeholder">{t('caseView.evidence.loading')}</div>
      ) : url === 'failed' ? (
        <div className="evidence-placeholder">{t('caseView.evidence.failed')}</div>
      ) : (
        <button type="button" className="evidence-button" title={t('caseView.evidence.open')} onClick={() => onOpen(url)}>
          <img src={url} alt={item.caption} />
        </button>
      )}
      <figcaption>{item.caption}</figcaption>
      {isImage(item) && <PhotoReuseFlag caseId={caseId} sha256={item.sha256} />}
    </figure>
  );
}

function Lightbox({ url, onClose }: { url: string; onClose: () => void }) {
  const { t } = useTranslation();
  useCommand('escape', () => onClose());
  return (
    <div className="overlay" role="dialog" aria-modal="true" onClick={onClose} data-testid="evidence-lightbox">
      <img className="lightbox-image" src={url} alt="" />
      <button type="button" className="overlay-close" onClick={onClose}>
        {t('caseView.evidence.close')}
      </button>
    </div>
  );
}

/** Thumbnails grouped by who submitted them, so both parties' evidence sits side by side. */
export function EvidenceSection({ caseId, evidence }: { caseId: string; evidence: readonly EvidenceRef[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Section title={`${t('caseView.sections.evidence')} (${evidence.length})`} testId="case-evidence">
      {evidence.length === 0 && <p className="muted">{t('caseView.evidence.none')}</p>}
      {EVIDENCE_PARTIES.map((party) => {
        const items = evidence.filter((e) => e.party === party);
        if (items.length === 0) return null;
        return (
          <div key={party} className="evidence-group">
            <h4>{t(`party.${party}`)}</h4>
            <div className="evidence-strip">
              {items.map((e) => (
                <Thumb key={e.sha256} caseId={caseId} item={e} onOpen={setOpen} />
              ))}
            </div>
          </div>
        );
      })}
      {open && <Lightbox url={open} onClose={() => setOpen(null)} />}
    </Section>
  );
}
