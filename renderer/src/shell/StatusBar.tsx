import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../shared/api';
import { CheckoutCountdown } from '../checkout/CheckoutCountdown';
import { EvidenceCacheStatus } from '../evidence/EvidenceCacheStatus';
import { useFormat } from './useFormat';
import { useNow } from './useNow';
import { ErrorText } from './ErrorNotice';

export interface StatusBarProps {
  status: SyncStatus | null;
  conflicts: number;
  onSyncNow: () => void;
  onOpenInbox: () => void;
}

/** Always visible: online or not, what waits to be pushed, when we last pulled, conflicts; bootstrap progress. */
export function StatusBar({ status, conflicts, onSyncNow, onOpenInbox }: StatusBarProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const now = useNow();
  if (!status) return <footer className="status-bar" data-testid="status-bar" />;
  const p = status.progress;
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={status.online ? 'status-online' : 'status-offline'} data-testid="status-online" data-online={status.online}>
        <span className="dot" aria-hidden="true" />
        {status.online ? t('statusBar.online') : t('statusBar.offline')}
      </span>
      <span data-testid="status-pending" data-count={status.pending} className={status.pending > 0 ? 'status-warn' : undefined}>
        {t('statusBar.pending', { count: status.pending })}
      </span>
      <span data-testid="status-last-pull" title={status.lastPullAt ? f.dateTime(status.lastPullAt) : undefined}>
        {status.lastPullAt ? t('statusBar.lastPull', { when: f.relative(status.lastPullAt, Math.max(now, status.lastPullAt)) }) : t('statusBar.never')}
      </span>
      <button type="button" className={conflicts > 0 ? 'link status-danger' : 'link'} data-testid="status-conflicts" data-count={conflicts} onClick={onOpenInbox}>
        {t('statusBar.conflicts', { count: conflicts })}
      </button>
      <CheckoutCountdown />
      <EvidenceCacheStatus />
      {p.phase === 'bootstrap' && (
        <span className="bootstrap" data-testid="status-bootstrap">
          <span className="progress-track" aria-hidden="true">
            <span className="progress-bar" />
          </span>
          {t('statusBar.bootstrap', { kind: p.kind ? t(`kind.${p.kind}`) : '', received: f.number(p.received), rate: f.number(Math.round(p.ratePerSec)) })}
        </span>
      )}
      {p.phase === 'pull' && <span className="muted">{t('statusBar.pulling')}</span>}
      {p.phase === 'push' && <span className="muted">{t('statusBar.pushing')}</span>}
      {status.tokenProblem && (
        <span className="status-danger status-error" data-testid="status-token" role="alert">
          {t(status.tokenProblem === 'expired' ? 'statusBar.tokenExpired' : 'statusBar.tokenRevoked')}
        </span>
      )}
      {status.lastError && !status.tokenProblem && (
        <ErrorText inline sentence={t(status.online ? 'screen.syncError.failed' : 'screen.syncError.offline')} detail={status.lastError} testId="status-error" />
      )}
      <span className="spacer" />
      <span className="muted mono small">{status.serverUrl}</span>
      <button type="button" className="link" data-testid="status-sync-now" onClick={onSyncNow}>
        {t('statusBar.syncNow')} (S)
      </button>
    </footer>
  );
}
