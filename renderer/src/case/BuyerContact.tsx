import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { revealRefusal, type Case, type StaffMember } from '../../../shared/domain';
import { useApi } from '../api/context';
import { useFormat } from '../shell/useFormat';
import { Facts, Section } from './parts';

/** A value shown unmasked, and until when; held in this component's state only, never stored. */
interface Shown { value: string; until: number }

/**
 * The buyer's phone and address, masked as the service replicated them, with the audited reveal:
 * a reason, then the original for `showForMs`, then the mask again. Offered to whom the service
 * allows (`revealRefusal`); the service decides and logs every reveal.
 */
export function BuyerContact({ c, me, holdsLease }: { c: Case; me: StaffMember; holdsLease: boolean }) {
  const { t } = useTranslation();
  const buyer = c.buyer;
  if (!buyer || revealRefusal(me.role, c.kind, true) === 'role') return null;
  const fields: Array<[field: string, label: string, masked: string]> = [
    ['buyer.phone', t('reveal.phone'), buyer.phone ?? buyer.phoneMasked],
    ...(buyer.address ? [['buyer.address', t('reveal.address'), buyer.address] as [string, string, string]] : []),
  ];
  return (
    <Section title={t('reveal.title')} testId="buyer-contact">
      <Facts items={fields.map(([field, label, masked]) => [label, <RevealableValue key={field} caseId={c.id} field={field} masked={masked} allowed={holdsLease || me.role === 'supervisor'} revealable={buyer.phone !== undefined || field !== 'buyer.phone'} />])} />
      {!holdsLease && me.role !== 'supervisor' && <p className="small muted" data-testid="reveal-claim-first">{t('reveal.claimFirst')}</p>}
    </Section>
  );
}

function RevealableValue({ caseId, field, masked, allowed, revealable }: { caseId: string; field: string; masked: string; allowed: boolean; revealable: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const api = useApi();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [left, setLeft] = useState(0);
  const id = field.replace(/\W+/g, '-');

  useEffect(() => {
    if (!shown) return;
    const tick = () => {
      const ms = shown.until - Date.now();
      if (ms <= 0) setShown(null);
      else setLeft(Math.ceil(ms / 1000));
    };
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [shown]);

  const reveal = async () => {
    setBusy(true);
    setError(null);
    const r = await api.invoke('case.reveal', { caseId, field, reason });
    setBusy(false);
    if (!r.ok) {
      setError(f.error(r.error));
      return;
    }
    setAsking(false);
    setReason('');
    setShown({ value: r.value.value, until: Date.now() + r.value.showForMs });
  };

  if (shown) {
    return (
      <span>
        <strong className="mono" data-testid={`revealed-${id}`}>{shown.value}</strong>{' '}
        <small className="muted" data-testid={`reveal-countdown-${id}`}>{t('reveal.masksIn', { seconds: left })}</small>{' '}
        <button type="button" className="link" onClick={() => setShown(null)}>{t('reveal.hide')}</button>
      </span>
    );
  }
  return (
    <span>
      <span className="mono" data-testid={`masked-${id}`}>{masked}</span>{' '}
      {allowed && revealable && !asking && (
        <button type="button" className="link" data-testid={`reveal-${id}`} onClick={() => setAsking(true)}>{t('reveal.reveal')}</button>
      )}
      {asking && (
        <form
          className="reveal-form"
          onSubmit={(e) => {
            e.preventDefault();
            void reveal();
          }}
        >
          <label className="field">
            <span>{t('reveal.reason')}</span>
            <input data-testid={`reveal-reason-${id}`} value={reason} placeholder={t('reveal.reasonPlaceholder')} onChange={(e) => setReason(e.target.value)} autoFocus />
          </label>
          <button type="submit" data-testid={`reveal-confirm-${id}`} disabled={busy || reason.trim().length < 4}>{t('reveal.confirm')}</button>{' '}
          <button type="button" className="link" onClick={() => setAsking(false)}>{t('reveal.cancel')}</button>
        </form>
      )}
      {error && <span className="field-error" role="alert" data-testid={`reveal-error-${id}`}>{error}</span>}
    </span>
  );
}
