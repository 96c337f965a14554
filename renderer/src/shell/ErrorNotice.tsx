import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api';
import { useFormat } from './useFormat';

/**
 * An error as a reviewer reads it: one sentence in the UI's language, and the technical detail
 * (the core's or the service's own words, often English) behind a "details" toggle.
 */
export function ErrorNotice({ error, testId, lead }: { error: ApiError; testId?: string; lead?: (sentence: string) => string }) {
  const f = useFormat();
  const sentence = f.error(error);
  return <ErrorText sentence={lead ? lead(sentence) : sentence} detail={f.errorDetail(error)} testId={testId} />;
}

/** A sentence and, when there is one, its technical detail behind a toggle. */
export function ErrorText({ sentence, detail, testId, inline }: { sentence: string; detail: string | null; testId?: string; inline?: boolean }) {
  const { t } = useTranslation();
  const Tag = inline ? 'span' : 'div';
  return (
    <Tag className={inline ? 'error-text error-inline' : 'notice notice-error error-text'} role="alert" data-testid={testId}>
      <span className="error-sentence">{sentence}</span>
      {detail && (
        <details className="error-details">
          <summary>{t('screen.details')}</summary>
          <code data-testid="error-detail">{detail}</code>
        </details>
      )}
    </Tag>
  );
}
