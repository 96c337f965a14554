import { useTranslation } from 'react-i18next';
import type { Refusal } from '../../../shared/domain';
import { refusalText } from '../format/refusals';
import { useFormat } from '../shell/useFormat';
import { Chip } from './parts';

/**
 * Why a decision is refused, one reason a line, in the reviewer's language. A reason this console
 * has no words for (a newer service's code) shows the service's English, marked as such.
 */
export function RefusalList({ refusals, testId }: { refusals: readonly Refusal[]; testId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <ul className="refusals" data-testid={testId}>
      {refusals.map((r, i) => {
        const x = refusalText(r, t, f.locale);
        return (
          <li key={`${r.code}-${i}`} data-code={r.code} data-translated={x.translated}>
            {!x.translated && <Chip tone="info" testId="refusal-untranslated">{t('refusal.originalLabel')}</Chip>} {x.text}
          </li>
        );
      })}
    </ul>
  );
}

/** A service message without codes (an answer stored before codes existed), marked as the service's English. */
export function UntranslatedMessage({ message, testId }: { message: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <span data-testid={testId}>
      <Chip tone="info" testId="refusal-untranslated">{t('refusal.originalLabel')}</Chip> {message}
    </span>
  );
}
