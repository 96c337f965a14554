import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LEDGER_PARTIES, type LedgerParty } from '../../../shared/rulebook/types';
import { LEDGER_GROUPINGS, type LedgerSummary } from '../../../shared/sync/protocol';
import { apiErrorOf } from '../data/ask';
import { useLedgerSummary } from '../data/queries';
import { useFormat } from '../shell/useFormat';
import { ledgerQuery, type LedgerForm } from './ledgerQuery';
import { ErrorNotice } from '../shell/ErrorNotice';

const isParty = (k: string): k is LedgerParty => (LEDGER_PARTIES as readonly string[]).includes(k);

/** Supervisors: ledger sums by payer, payee, merchant or month, from the case service; amounts are fen shown as ¥. */
export function LedgerView({ active }: { active: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [form, setForm] = useState<LedgerForm>({ by: 'payer', from: '', to: '', merchantId: '' });
  // The grouping applies at once; dates and merchant on "Query".
  const [asked, setAsked] = useState<LedgerForm>(form);
  const query = useMemo(() => ledgerQuery({ ...asked, by: form.by }), [asked, form.by]);
  const summary = useLedgerSummary(query, active);
  const state =
    query === null
      ? ({ status: 'invalid' } as const)
      : summary.error
        ? ({ status: 'error', error: apiErrorOf(summary.error) } as const)
        : summary.data
          ? ({ status: 'ready', value: summary.data } as const)
          : ({ status: 'loading' } as const);

  const keyText = (by: LedgerSummary['by'], key: string) => (by === 'payer' || by === 'payee') && isParty(key) ? t(`ledgerParty.${key}`) : key;

  return (
    <div className="ledger-view" data-testid="ledger-view" hidden={!active}>
      <h2>{t('ledger.title')}</h2>
      <form
        className="ledger-filter"
        onSubmit={(e) => {
          e.preventDefault();
          // Asking the same query again means: ask the service again.
          if (JSON.stringify(ledgerQuery(form)) === JSON.stringify(query)) void summary.refetch();
          setAsked(form);
        }}
      >
        <label className="field">
          <span>{t('ledger.by')}</span>
          <select data-testid="ledger-by" value={form.by} onChange={(e) => setForm({ ...form, by: LEDGER_GROUPINGS.find((g) => g === e.target.value) ?? 'payer' })}>
            {LEDGER_GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {t(`ledger.byOption.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('ledger.from')}</span>
          <input type="date" data-testid="ledger-from" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('ledger.to')}</span>
          <input type="date" data-testid="ledger-to" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('ledger.merchant')}</span>
          <input data-testid="ledger-merchant" className="mono" value={form.merchantId} onChange={(e) => setForm({ ...form, merchantId: e.target.value })} />
        </label>
        <button type="submit" className="primary" data-testid="ledger-refresh">
          {t('ledger.refresh')}
        </button>
      </form>
      <p className="muted small">{t('ledger.onlineOnly')}</p>
      {state.status === 'loading' && <p className="muted">{t('ledger.loading')}</p>}
      {state.status === 'invalid' && (
        <p className="notice notice-error" role="alert" data-testid="ledger-invalid">
          {t('ledger.rangeError')}
        </p>
      )}
      {state.status === 'error' && (
        <ErrorNotice error={state.error} testId="ledger-error" />
      )}
      {state.status === 'ready' && (
        <>
          <p data-testid="ledger-summary">
            <strong>{t('ledger.summary', { entries: f.number(state.value.entries), total: f.money(state.value.totalFen) })}</strong>
          </p>
          {state.value.groups.length === 0 ? (
            <p className="muted" data-testid="ledger-empty">{t('ledger.none')}</p>
          ) : (
            <table className="ledger-table" data-testid="ledger-table">
              <thead>
                <tr>
                  <th>{t(`ledger.byOption.${state.value.by}`)}</th>
                  <th className="num">{t('ledger.entries')}</th>
                  <th className="num">{t('ledger.total')}</th>
                  <th>{t('ledger.net')}</th>
                </tr>
              </thead>
              <tbody>
                {state.value.groups.map((g) => (
                  <tr key={g.key} data-testid="ledger-row" data-key={g.key}>
                    <td>{keyText(state.value.by, g.key)}</td>
                    <td className="num">{f.number(g.entries)}</td>
                    <td className="num">{f.money(g.totalFen)}</td>
                    <td className="ledger-net">
                      {LEDGER_PARTIES.filter((p) => (g.net[p] ?? 0) !== 0).map((p) => {
                        const n = g.net[p] ?? 0;
                        return (
                          <span key={p} className={n < 0 ? 'net-out' : 'net-in'}>
                            {t(`ledgerParty.${p}`)} {n > 0 ? '+' : ''}
                            {f.money(n)}
                          </span>
                        );
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
