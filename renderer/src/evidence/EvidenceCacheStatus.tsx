import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_EVIDENCE_CACHE_BYTES, MIN_EVIDENCE_CACHE_BYTES } from '../../../shared/evidence/cache-status';
import { useApi } from '../api/context';
import { ask } from '../data/ask';
import { queryKeys } from '../data/queryKeys';
import { useCommand } from '../shell/commands';
import { useFormat } from '../shell/useFormat';

const MB = 1024 * 1024;

/** In the status bar: the background prefetch of held cases' evidence; a click opens the cache's settings. */
export function EvidenceCacheStatus() {
  const { t } = useTranslation();
  const api = useApi();
  const status = useQuery({ queryKey: queryKeys.evidenceCache, queryFn: () => ask(api, 'evidence.cache', {}) });
  const [open, setOpen] = useState(false);
  if (!status.data) return null;
  const p = status.data.prefetch;
  const text = p.running ? t('evidenceViewer.cache.progress', { fetched: p.fetched + p.failed, wanted: p.wanted }) : t('evidenceViewer.cache.ready');
  return (
    <>
      <button
        type="button"
        className={p.failed > 0 ? 'link status-warn' : 'link'}
        data-testid="status-evidence"
        data-running={p.running}
        data-fetched={p.fetched}
        data-wanted={p.wanted}
        data-failed={p.failed}
        title={p.lastError ?? undefined}
        onClick={() => setOpen(true)}
      >
        {p.running && (
          <span className="progress-track" aria-hidden="true">
            <span className="progress-bar" />
          </span>
        )}
        {text}
        {p.failed > 0 && ` · ${t('evidenceViewer.cache.failed', { count: p.failed })}`}
      </button>
      {open && <EvidenceCacheSettings onClose={() => setOpen(false)} />}
    </>
  );
}

function EvidenceCacheSettings({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const api = useApi();
  const client = useQueryClient();
  const status = useQuery({ queryKey: queryKeys.evidenceCache, queryFn: () => ask(api, 'evidence.cache', {}) });
  const [limitMb, setLimitMb] = useState(() => String(Math.round((status.data?.limitBytes ?? 0) / MB)));
  const [message, setMessage] = useState<string | null>(null);
  useCommand('escape', () => onClose());
  const mb = (bytes: number) => `${f.number(Math.round(bytes / MB))} MB`;
  const save = async () => {
    const value = Number(limitMb);
    if (!Number.isInteger(value) || value * MB < MIN_EVIDENCE_CACHE_BYTES || value * MB > MAX_EVIDENCE_CACHE_BYTES) {
      setMessage(t('evidenceViewer.cache.limitRange', { min: MIN_EVIDENCE_CACHE_BYTES / MB, max: MAX_EVIDENCE_CACHE_BYTES / MB }));
      return;
    }
    const r = await api.invoke('evidence.setLimit', { limitBytes: value * MB });
    if (!r.ok) return setMessage(f.error(r.error));
    client.setQueryData(queryKeys.evidenceCache, r.value);
    setMessage(t('evidenceViewer.cache.saved'));
  };
  const s = status.data;
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="evidence-cache-title" data-testid="evidence-cache-settings" onClick={onClose}>
      <div className="dialog" onClick={(e) => e.stopPropagation()}>
        <h2 id="evidence-cache-title">{t('evidenceViewer.cache.settings')}</h2>
        {s && <p data-testid="evidence-cache-used">{t('evidenceViewer.cache.used', { used: mb(s.usedBytes), limit: mb(s.limitBytes), pinned: mb(s.pinnedBytes) })}</p>}
        <label className="field">
          <span>{t('evidenceViewer.cache.limit')}</span>
          <input type="number" min={MIN_EVIDENCE_CACHE_BYTES / MB} value={limitMb} onChange={(e) => setLimitMb(e.target.value)} data-testid="evidence-cache-limit" autoFocus />
        </label>
        {message && <p role="status">{message}</p>}
        <div className="form-actions">
          <button type="button" onClick={() => void save()} data-testid="evidence-cache-save">{t('evidenceViewer.cache.save')}</button>
          <button type="button" onClick={onClose}>{t('evidenceViewer.cache.close')}</button>
        </div>
      </div>
    </div>
  );
}
