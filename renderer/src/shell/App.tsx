import { CaseLinksProvider, type CaseLinks, type CaseRef } from '../evidence/caseLinks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueSummary, Session } from '../../../shared/api';
import { readableKinds, type CaseKind } from '../../../shared/domain';
import type { ConsoleClient } from '../api/client';
import { ApiContext, useApi } from '../api/context';
import { ConflictInbox } from '../conflicts/ConflictInbox';
import { EscalatedView } from '../escalation/EscalatedView';
import { apiErrorOf, ask } from '../data/ask';
import { ConsoleDataProvider, useSignedIn } from '../data/ConsoleData';
import { useQueueSummaries, useSyncStatus } from '../data/queries';
import { queryKeys } from '../data/queryKeys';
import { LANG_PREF_KEY, LANG_STORAGE_KEY, isLanguage, type Language } from '../i18n';
import { LedgerView } from '../ledger/LedgerView';
import { QueueView } from '../queue/QueueView';
import { installKeyboard, useCommand } from './commands';
import { Fatal } from './Fatal';
import { Header, type Tab } from './Header';
import { KeyboardMap } from './KeyboardMap';
import { StatusBar } from './StatusBar';
import { useFormat } from './useFormat';

const NO_QUEUES: QueueSummary[] = [];

export function App({ api }: { api: ConsoleClient }) {
  return (
    <ApiContext.Provider value={api}>
      <ConsoleDataProvider api={api}>
        <SessionGate />
      </ConsoleDataProvider>
    </ApiContext.Provider>
  );
}

function SessionGate() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const signedIn = useSignedIn();
  const session = useQuery({
    queryKey: queryKeys.session,
    queryFn: async () => {
      const s = await ask(api, 'session.get', {});
      signedIn(s);
      // The staff member's language choice follows them (prefs), ahead of this machine's last choice.
      const pref = await api.invoke('prefs.get', { key: LANG_PREF_KEY });
      if (pref.ok && isLanguage(pref.value.value) && pref.value.value !== i18n.language) await i18n.changeLanguage(pref.value.value);
      document.documentElement.lang = i18n.language;
      return s;
    },
  });

  // A session already shown stays while it is asked again (after a reconnect); only a first failure is fatal.
  if (!session.data && session.isError) {
    return <Fatal message={t('app.sessionError', { message: apiErrorOf(session.error).message })} onRetry={() => void session.refetch()} retryLabel={t('app.retry')} />;
  }
  if (!session.data) return <div className="fatal">{t('app.loading')}</div>;
  // Keyed by who is signed in: another staff member starts a fresh console, state and all.
  const { staff, clientId } = session.data;
  return <Console key={`${staff.id}|${clientId}`} session={session.data} />;
}

function Console({ session }: { session: Session }) {
  const { i18n } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const f = useFormat();
  const kinds = readableKinds(session.staff.role);
  const [tab, setTab] = useState<Tab>(kinds[0] ?? 'conflicts');
  const [visited, setVisited] = useState<Set<Tab>>(() => new Set([tab]));
  const queues = useQueueSummaries().data ?? NO_QUEUES;
  const status = useSyncStatus().data ?? null;
  const conflicts = status?.conflicts ?? 0;
  const [help, setHelp] = useState(false);
  const [openRequests, setOpenRequests] = useState<Partial<Record<CaseKind, { caseId: string; nonce: number }>>>({});
  const [toast, setToast] = useState<string | null>(null);
  // Links followed from case to case (a reused photo's other dispute), to come back along.
  const [trail, setTrail] = useState<ReadonlyArray<{ from: CaseRef; to: CaseRef }>>([]);

  useEffect(() => installKeyboard(), []);

  const go = (next: Tab) => {
    setTab(next);
    setVisited((v) => (v.has(next) ? v : new Set(v).add(next)));
  };

  const openCase = (to: CaseRef) => {
    setOpenRequests((r) => ({ ...r, [to.kind]: { caseId: to.caseId, nonce: Date.now() } }));
    go(to.kind);
  };
  const caseLinks: CaseLinks = {
    open: (to, from) => {
      setTrail((t) => [...t, { from, to }]);
      openCase(to);
    },
    backFrom: (caseId) => {
      const last = trail.at(-1);
      return last && last.to.caseId === caseId ? last.from : null;
    },
    back: () => {
      const last = trail.at(-1);
      if (!last) return;
      setTrail((t) => t.slice(0, -1));
      openCase(last.from);
    },
  };

  const syncNow = async () => {
    const r = await api.invoke('sync.now', {});
    if (r.ok) queryClient.setQueryData(queryKeys.syncStatus, r.value);
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
  useCommand('escalated', () => go('escalated'));
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
      <CaseLinksProvider links={caseLinks}>
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
          {visited.has('escalated') && (
            <EscalatedView
              active={tab === 'escalated'}
              onOpen={(kind, caseId) => {
                setOpenRequests((r) => ({ ...r, [kind]: { caseId, nonce: Date.now() } }));
                go(kind);
              }}
            />
          )}
        </main>
      </CaseLinksProvider>
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
