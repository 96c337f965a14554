import { useTranslation } from 'react-i18next';
import { useFormat } from '../shell/useFormat';
import { countdownText } from './countdown';
import { useCheckoutStatus, useSecondClock } from './useCheckoutStatus';

/** In the status bar: how many cases are checked out offline and how long until the first lease ends. */
export function CheckoutCountdown() {
  const { t } = useTranslation();
  const f = useFormat();
  const status = useCheckoutStatus();
  const now = useSecondClock(status !== null && status.held > 0);
  if (!status || status.held === 0 || status.expiresAt === null) return null;
  const ended = status.expiresAt <= now;
  return (
    <span
      className={ended ? 'status-danger' : 'status-checkout'}
      data-testid="status-checkout"
      data-held={status.held}
      data-expires-at={status.expiresAt}
      title={t('checkout.until', { when: f.dateTime(status.expiresAt) })}
    >
      {ended ? t('checkout.expired') : t('checkout.countdown', { held: status.held, left: countdownText(status.expiresAt, now) })}
    </span>
  );
}

/** On the case view: what is left of this case's offline lease. */
export function LeaseCountdown({ expiresAt }: { expiresAt: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const now = useSecondClock(true);
  return (
    <span className="muted mono" data-testid="case-lease-countdown" title={t('checkout.until', { when: f.dateTime(expiresAt) })}>
      {expiresAt <= now ? t('checkout.expired') : t('checkout.caseCountdown', { left: countdownText(expiresAt, now) })}
    </span>
  );
}
