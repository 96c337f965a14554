import { useTranslation } from 'react-i18next';
import { useFormat } from '../shell/useFormat';
import { Chip } from './parts';
import { RefusalList } from './Refusals';
import { answered, type Asked, type CheckOutput } from './useAdjudication';

/** What the rulebook says about the decision being edited: refusals in words, a departure, four-eyes. */
export function CheckPanel({ check }: { check: Asked<CheckOutput> }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (check.status === 'idle') return null;
  if (check.status === 'error') {
    return (
      <p className="muted small" data-testid="check-error">
        {t('check.unavailable', { message: f.error(check.error) })}
      </p>
    );
  }
  const value = answered(check);
  if (!value) return <p className="muted small">{t('check.checking')}</p>;
  return (
    <div className={check.status === 'loading' ? 'check check-stale' : 'check'} data-testid="decision-check" data-ok={value.ok} data-departure={value.departure}>
      {value.ok ? (
        value.departure ? (
          <p data-testid="check-departure">
            <Chip tone="warn">{t('check.departure')}</Chip> <span className="small">{t('check.departureHint')}</span>
          </p>
        ) : (
          <p data-testid="check-follows">
            <Chip tone="ok">{t('check.follows')}</Chip>
          </p>
        )
      ) : (
        <div className="notice notice-error" role="alert" data-testid="check-violations">
          <strong>{t('check.refused')}</strong>
          <RefusalList refusals={value.refusals} testId="check-refusals" />
        </div>
      )}
      {value.needsApproval && (
        <p data-testid="check-needs-approval">
          <Chip tone="warn">{t('check.needsApproval')}</Chip>{' '}
          <span className="small">{t('check.approvalGrounds', { grounds: value.approvalGrounds.join(', ') })}</span>
        </p>
      )}
    </div>
  );
}
