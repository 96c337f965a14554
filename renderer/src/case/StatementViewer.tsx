import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, ChannelOutput } from '../../../shared/api';
import { useApi } from '../api/context';
import { useFormat } from '../shell/useFormat';
import { LedgerLines } from './RecommendationPanel';
import { Chip, Facts } from './parts';
import { ErrorNotice } from '../shell/ErrorNotice';

type Statement = ChannelOutput<'decision.statement'>;

/** The JSON export of a statement of reasons, as a file name and its text. */
export function statementFile(s: Statement['statement']): { name: string; text: string } {
  return { name: `statement-of-reasons-${s.caseId}-${s.decisionId}.json`, text: `${JSON.stringify(s, null, 2)}\n` };
}

/** A Blob URL for a text, revoked when the text changes or the viewer closes. */
function useBlobUrl(text: string | null, type: string): string | null {
  const url = useMemo(() => (text === null ? null : URL.createObjectURL(new Blob([text], { type }))), [text, type]);
  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url);
  }, [url]);
  return url;
}

/** The DSA Article 17 statement of reasons of a decision: its fields, the JSON export and the notice to the merchant. */
export function StatementViewer({ decisionId }: { decisionId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const api = useApi();
  const [state, setState] = useState<{ status: 'loading' } | { status: 'ready'; value: Statement } | { status: 'error'; error: ApiError }>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    void api.invoke('decision.statement', { decisionId }).then((r) => {
      if (live) setState(r.ok ? { status: 'ready', value: r.value } : { status: 'error', error: r.error });
    });
    return () => {
      live = false;
    };
  }, [api, decisionId]);

  const file = state.status === 'ready' ? statementFile(state.value.statement) : null;
  const url = useBlobUrl(file?.text ?? null, 'application/json');

  if (state.status === 'loading') return <p className="muted">{t('statement.loading')}</p>;
  if (state.status === 'error') {
    return (
      <ErrorNotice error={state.error} testId="statement-error" />
    );
  }
  const s = state.value.statement;
  const en = f.locale === 'en';
  const bi = (b: { zh: string; en: string }) => (en ? b.en : b.zh);
  return (
    <div className="statement-viewer" data-testid="statement-viewer">
      <Facts
        items={[
          [t('statement.decision'), bi(s.decision.description)],
          [t('statement.scope'), bi(s.decision.scope.description)],
          [t('statement.status'), <Chip key="s" tone={s.status === 'in_effect' ? 'ok' : 'warn'} testId="statement-status">{t(`statement.state.${s.status}`)}</Chip>],
          [t('statement.ground'), <span key="g"><span className="mono">{s.ground.ruleRef}</span> {s.ground.clause ? bi(s.ground.clause) : ''}</span>],
          [t('statement.version'), <span key="v" className="mono">{s.ground.rulebookVersion}</span>],
          [t('statement.departure'), s.ground.departure ? t('statement.yes') : t('statement.no')],
          [t('statement.source'), bi(s.facts.source)],
          [t('statement.automation'), bi(s.automation.description)],
          [t('statement.fourEyes'), t(`statement.fourEyesState.${s.fourEyes.state}`)],
        ]}
      />
      {s.facts.established.length > 0 && (
        <>
          <h4>{t('statement.facts')}</h4>
          <ul className="rec-facts">
            {s.facts.established.map((x) => (
              <li key={x.code}>{en ? x.text_en : x.text_zh}</li>
            ))}
          </ul>
        </>
      )}
      <h4>{t('statement.money')}</h4>
      <LedgerLines entries={s.money} testId="statement-money" />
      <h4>{t('statement.redress')}</h4>
      <ul className="rec-facts" data-testid="statement-redress">
        {s.redress.map((r) => (
          <li key={r.route}>
            {bi(r.description)}
            {r.deadlineAt !== null && <span className="muted"> · {t('statement.deadline', { when: f.dateTime(r.deadlineAt) })}</span>}
          </li>
        ))}
      </ul>
      <h4>{t('statement.notice')}</h4>
      <pre className="notice-text" lang="zh-CN" data-testid="statement-notice">
        {state.value.noticeZh}
      </pre>
      {url && file && (
        <p>
          <a href={url} download={file.name} data-testid="statement-download" className="button-link">
            {t('statement.download')}
          </a>{' '}
          <span className="muted small mono">{file.name}</span>
        </p>
      )}
    </div>
  );
}
