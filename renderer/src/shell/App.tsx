import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, QueueSummary, Session, SyncStatus } from '../../../shared/api';
import { readableKinds, type CaseKind } from '../../../shared/domain';
import type { ConsoleClient } from '../api/client';
import { ApiContext, useApi, useConsoleEvent, useReconnect } from '../api/context';
import { ConflictInbox } from '../conflicts/ConflictInbox';
import { LANG_PREF_KEY, LANG_STORAGE_KEY, isLanguage, type Language } from '../i18n';
import { LedgerView } from '../ledger/LedgerView';
import { QueueView } from '../queue/QueueView';
import { installKeyboard, useCommand } from './commands';
import { Fatal } from './Fatal';
import { Header, type Tab } from './Header';
import { KeyboardMap } from './KeyboardMap';
import { StatusBar } from './StatusBar';
import { useFormat } from './useFormat';

export function App({ api }: { api: ConsoleClient }) {
  return (
    <ApiContext.Provider value={api}>
      <SessionGate />
    </ApiContext.Provider>
  );
}

function SessionGate() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    setError(null);
    const r = await api.invoke('session.get', {});
    if (!r.ok) {
      setError(r.error);
      return;
    }
    // The staff member's language choice follows them (prefs), ahead of this machine's last choice.
    const pref = await api.invoke('prefs.get', { key: LANG_PREF_KEY });
    if (pref.ok && isLanguage(pref.value.value) && pref.value.value !== i18n.language) await i18n.changeLanguage(pref.value.value);
    document.documentElement.lang = i18n.language;
    setSession(r.value);
  }, [api, i18n]);

  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <Fatal message={t('app.sessionError', { message: error.message })} onRetry={() => void load()} retryLabel={t('app.retry')} />;
  if (!session) return <div className="fatal">{t('app.loading')}</div>;
  return <Console session={session} />;
}

function Console({ session }: { session: Session }) {
  const { i18n } = useTranslation();
  const api = useApi();
  const f = useFormat();
  const kinds = readableKinds(session.staff.role);
  const [tab, setTab] = useState<Tab>(kinds[0] ?? 'conflicts');
  const [visited, setVisited] = useState<Set<Tab>>(() => new Set([tab]));
  const [queues, setQueues] = useState<QueueSummary[]>([]);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [conflicts, setConflicts] = useState(0);
  const [help, setHelp] = useState(false);
  const [openRequests, setOpenRequests] = useState<Partial<Record<CaseKind, { caseId: string; nonce: number }>>>({});
  const [toast, setToast] = useState<string | null>(null);

  useEffect(() => installKeyboard(), []);

  const go = (next: Tab) => {
    setTab(next);
    setVisited((v) => (v.has(next) ? v : new Set(v).add(next)));
  };

  const loadQueues = useCallback(async () => {
    const r = await api.invoke('queues.list', {});
    if (r.ok) setQueues(r.value);
  }, [api]);
  const loadStatus = useCallback(async () => {
    const r = await api.invoke('sync.status', {});
    if (r.ok) {
      setStatus(r.value);
      setConflicts(r.value.conflicts);
    }
  }, [api]);

  useEffect(() => {
    void loadQueues();
    void loadStatus();
  }, [loadQueues, loadStatus]);

  // Tab counts follow the data, at most about once a second during a burst of changes.
  const [queuesDirty, setQueuesDirty] = useState(false);
  useEffect(() => {
    if (!queuesDirty) return;
    const timer = setTimeout(() => {
      setQueuesDirty(false);
      void loadQueues();
    }, 1000);
    return () => clearTimeout(timer);
  }, [queuesDirty, loadQueues]);

  useConsoleEvent('sync.status', (s) => {
    setStatus(s);
    setConflicts(s.conflicts);
  });
  useConsoleEvent('conflicts.changed', (p) => setConflicts(p.count));
  useConsoleEvent('data.changed', () => setQueuesDirty(true));
  useReconnect(() => {
    void loadQueues();
    void loadStatus();
  });

  const syncNow = async () => {
    const r = await api.invoke('sync.now', {});
    if (r.ok) setStatus(r.value);
    else setToast(f.error(r.error));
  };

  const toggleLanguage = () => {
    const next: Language = i18n.language === 'en' ? 'zh-CN' : 'en';
    void i18n.changeLanguage(next);
    document.documentElement.lang = next;
    try {
      window.localStorage.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // Not fatal: the per-user pref below still keeps the choice.
    }
    void api.invoke('prefs.set', { key: LANG_PREF_KEY, value: next });
  };

  useCommand('help', () => setHelp(true), !help);
  useCommand('tabs', (n) => {
    const k = n === null ? undefined : kinds[n - 1];
    if (!k) return false;
    go(k);
  });
  useCommand('inbox', () => go('conflicts'));
  useCommand('syncNow', () => void syncNow());

  return (
    <div className="app">
      <Header
        session={session}
        kinds={kinds}
        queues={queues}
        tab={tab}
        conflicts={conflicts}
        onTab={go}
        onToggleLanguage={toggleLanguage}
        onHelp={() => setHelp(true)}
      />
      <main className="app-main">
        {kinds.map(
          (k) =>
            visited.has(k) && <QueueView key={k} kind={k} session={session} active={tab === k} openRequest={openRequests[k] ?? null} />,
        )}
        {visited.has('conflicts') && (
          <ConflictInbox
            role={session.staff.role}
            active={tab === 'conflicts'}
            onRedecide={(kind, caseId) => {
              setOpenRequests((r) => ({ ...r, [kind]: { caseId, nonce: Date.now() } }));
              go(kind);
            }}
          />
        )}
        {visited.has('ledger') && session.staff.role === 'supervisor' && <LedgerView active={tab === 'ledger'} />}
      </main>
      {toast && (
        <div className="toast" role="alert" data-testid="toast" onClick={() => setToast(null)}>
          {toast}
        </div>
      )}
      <StatusBar status={status} conflicts={conflicts} onSyncNow={() => void syncNow()} onOpenInbox={() => go('conflicts')} />
      {help && <KeyboardMap onClose={() => setHelp(false)} />}
    </div>
  );
}
