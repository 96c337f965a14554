import { useTranslation } from 'react-i18next';
import type { ChatMessage, Order } from '../../../shared/domain';
import { useFormat } from '../shell/useFormat';

interface Step {
  at: number;
  label: string;
  detail: string;
  weightGrams?: number;
  stage: string;
}

/**
 * Beside the photos: the parcel's path (paid, shipped, signed, return shipped, return
 * received, with weights) and the chat, each in time order, so a photo's time reads against them.
 */
export function AroundPanel({ order, chat }: { order: Order | null; chat: readonly ChatMessage[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const steps: Step[] = [];
  if (order) {
    steps.push({ at: order.paidAt, label: t('evidenceViewer.around.paid'), detail: f.money(order.amountPaidFen), stage: 'paid' });
    for (const l of order.logistics) {
      steps.push({ at: l.at, label: l.stage ? t(`logisticsStage.${l.stage}`) : '', detail: l.event, stage: l.stage ?? 'other', ...(l.weightGrams !== undefined ? { weightGrams: l.weightGrams } : {}) });
    }
    steps.sort((a, b) => a.at - b.at);
  }
  return (
    <aside className="viewer-around">
      <section data-testid="viewer-logistics">
        <h4>{t('evidenceViewer.around.logistics')}</h4>
        {steps.length === 0 ? (
          <p className="muted">{t('evidenceViewer.around.noLogistics')}</p>
        ) : (
          <ol className="timeline">
            {steps.map((s, i) => (
              <li key={i} data-stage={s.stage}>
                <time>{f.dateTime(s.at)}</time> {s.label && <strong>{s.label}</strong>} <span className="small">{s.detail}</span>
                {s.weightGrams !== undefined && <span className="chip" data-testid="logistics-weight"> {t('evidenceViewer.around.weight', { grams: f.number(s.weightGrams) })}</span>}
              </li>
            ))}
          </ol>
        )}
        {order && (
          <p className="small muted">
            {t('evidenceViewer.around.delivered')}: {order.deliveredAt !== null ? f.dateTime(order.deliveredAt) : '—'} · {t('evidenceViewer.around.signed')}: {order.signedAt !== null ? f.dateTime(order.signedAt) : '—'}
          </p>
        )}
      </section>
      <section data-testid="viewer-chat">
        <h4>{t('evidenceViewer.around.chat')}</h4>
        {chat.length === 0 ? (
          <p className="muted">{t('evidenceViewer.around.noChat')}</p>
        ) : (
          <ol className="chat">
            {chat.map((m, i) => (
              <li key={i} className={`chat-${m.from}`}>
                <span className="chat-who">{t(`party.${m.from}`)}</span> <time>{f.dateTime(m.at)}</time>
                <div>{m.text}</div>
              </li>
            ))}
          </ol>
        )}
      </section>
    </aside>
  );
}
