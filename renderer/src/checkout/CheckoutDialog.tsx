import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, CaseRow, ChannelInput, ChannelOutput, QueueFilter } from '../../../shared/api';
import type { CaseKind } from '../../../shared/domain';
import { MAX_CLAIM_BATCH } from '../../../shared/sync/protocol';
import { useApi } from '../api/context';
import { useCommand } from '../shell/commands';
import { useFormat } from '../shell/useFormat';
import { parseCheckoutCount } from './countdown';
import { useCheckoutStatus } from './useCheckoutStatus';
import { ErrorNotice } from '../shell/ErrorNotice';

export interface CheckoutDialogProps {
  kind: CaseKind;
  filter: QueueFilter;
  /** The rows ticked in the grid; offered as the batch when there are any. */
  selection: CaseRow[];
  onClose: () => void;
}

type Step = { step: 'form'; error: ApiError | null } | { step: 'running' } | { step: 'done'; result: ChannelOutput<'checkout.offline'> };

/**
 * "Check out N cases for offline work": the ticked rows or the next N of the queue's filter,
 * claimed offline within what the service allows one reviewer, with their evidence downloaded.
 */
export function CheckoutDialog({ kind, filter, selection, onClose }: CheckoutDialogProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const api = useApi();
  const status = useCheckoutStatus();
  const [source, setSource] = useState<'selected' | 'next'>(selection.length > 0 ? 'selected' : 'next');
  const [countText, setCountText] = useState('20');
  const [countError, setCountError] = useState(false);
  const [state, setState] = useState<Step>({ step: 'form', error: null });
  const left = status ? Math.max(0, status.limit - status.held) : 0;
  const max = Math.min(left, MAX_CLAIM_BATCH);

  useCommand('escape', () => {
    if (state.step !== 'running') onClose();
  });

  const run = async () => {
    let input: ChannelInput<'checkout.offline'>;
    if (source === 'selected') input = { caseIds: selection.slice(0, max).map((r) => r.id) };
    else {
      const count = parseCheckoutCount(countText, max);
      if (count === null) {
        setCountError(true);
        return;
      }
      input = { kind, filter, count };
    }
    setState({ step: 'running' });
    const r = await api.invoke('checkout.offline', input);
    setState(r.ok ? { step: 'done', result: r.value } : { step: 'form', error: r.error });
  };

  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="checkout-title" data-testid="checkout-dialog">
      <div className="dialog">
        <h2 id="checkout-title">{t('checkout.title')}</h2>
        <p>{t('checkout.intro')}</p>
        {status && (
          <p data-testid="checkout-limit" data-limit={status.limit}>
            {t('checkout.limit', { limit: status.limit, held: status.held, left })}
          </p>
        )}
        {state.step === 'form' ? (
          <form
            className="decision-form"
            onSubmit={(e) => {
              e.preventDefault();
              void run();
            }}
          >
            <fieldset className="bulk-mode">
              <legend>{t('checkout.source')}</legend>
              {selection.length > 0 && (
                <label>
                  <input type="radio" name="checkout-source" data-testid="checkout-selected" checked={source === 'selected'} onChange={() => setSource('selected')} />
                  {t('checkout.selected', { count: selection.length })}
                </label>
              )}
              <label>
                <input type="radio" name="checkout-source" data-testid="checkout-next" checked={source === 'next'} onChange={() => setSource('next')} />
                {t('checkout.next')}
              </label>
            </fieldset>
            {source === 'next' && (
              <label className="field">
                <span>{t('checkout.count')}</span>
                <input
                  autoFocus
                  data-testid="checkout-count"
                  inputMode="numeric"
                  value={countText}
                  onChange={(e) => {
                    setCountText(e.target.value);
                    setCountError(false);
                  }}
                />
                {countError && (
                  <span className="field-error" role="alert">
                    {t('checkout.countError', { max })}
                  </span>
                )}
              </label>
            )}
            {state.error && (
              <ErrorNotice error={state.error} testId="checkout-error" />
            )}
            <div className="form-actions">
              <button type="button" onClick={onClose}>
                {t('checkout.cancel')}
              </button>
              <button type="submit" className="primary" data-testid="checkout-run" autoFocus={source === 'selected'} disabled={status === null || max === 0}>
                {t('checkout.run')}
              </button>
            </div>
          </form>
        ) : state.step === 'running' ? (
          <p data-testid="checkout-running">{t('checkout.running')}</p>
        ) : (
          <>
            <p data-testid="checkout-result" data-granted={state.result.answers.filter((a) => a.granted).length} data-fetched={state.result.evidence.fetched}>
              {t('checkout.done', {
                granted: state.result.answers.filter((a) => a.granted).length,
                refused: state.result.answers.filter((a) => !a.granted).length,
                fetched: state.result.evidence.fetched,
                failed: state.result.evidence.failed,
              })}
            </p>
            {state.result.status.expiresAt !== null && <p>{t('checkout.until', { when: f.dateTime(state.result.status.expiresAt) })}</p>}
            <div className="form-actions">
              <button type="button" className="primary" data-testid="checkout-close" autoFocus onClick={onClose}>
                {t('checkout.close')}
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
