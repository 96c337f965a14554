import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api';
import { LEDGER_PARTIES, type LedgerParty } from '../../../shared/rulebook/types';
import { LEDGER_GROUPINGS, type LedgerSummary } from '../../../shared/sync/protocol';
import { useApi } from '../api/context';
import { useFormat } from '../shell/useFormat';
import { ledgerQuery, type LedgerForm } from './ledgerQuery';

const isParty = (k: string): k is LedgerParty => (LEDGER_PARTIES as readonly string[]).includes(k);

/** Supervisors: ledger sums by payer, payee, merchant or month, from the case service; amounts are fen shown as ¥. */
export function LedgerView({ active }: { active: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const api = useApi();
  const [form, setForm] = useState<LedgerForm>({ by: 'payer', from: '', to: '', merchantId: '' });
  const [state, setState] = useState<{ status: 'loading' } | { status: 'ready'; value: LedgerSummary } | { status: 'error'; error: ApiError } | { status: 'invalid' }>({
    status: 'loading',
  });

  const load = useCallback(
    async (q: LedgerForm) => {
      const query = ledgerQuery(q);
      if (!query) {
        setState({ status: 'invalid' });
        return;
      }
      setState({ status: 'loading' });
      const r = await api.invoke('ledger.summary', query);
      setState(r.ok ? { status: 'ready', value: r.value } : { status: 'error', error: r.error });
    },
    [api],
  );

  // The grouping applies at once; dates and merchant on "Query" (read from the latest form).
  const latest = useRef(form);
  useEffect(() => {
    latest.current = form;
  });
  useEffect(() => {
    if (active) void load({ ...latest.current, by: form.by });
  }, [active, form.by, load]);

  const keyText = (by: LedgerSummary['by'], key: string) => (by === 'payer' || by === 'payee') && isParty(key) ? t(`ledgerParty.${key}`) : key;

  return (
    <div className="ledger-view" data-testid="ledger-view" hidden={!active}>
      <h2>{t('ledger.title')}</h2>
      <form
        className="ledger-filter"
        onSubmit={(e) => {
          e.preventDefault();
          void load(form);
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
        <p className="notice notice-error" role="alert" data-testid="ledger-error">
          {f.error(state.error)}
        </p>
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
