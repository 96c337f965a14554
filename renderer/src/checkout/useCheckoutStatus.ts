import { useCallback, useEffect, useState } from 'react';
import type { CheckoutStatus } from '../../../shared/api';
import { useApi, useConsoleEvent, useReconnect } from '../api/context';

/** The reviewer's offline checkout as the core holds it, asked again whenever the data changes. */
export function useCheckoutStatus(): CheckoutStatus | null {
  const api = useApi();
  const [status, setStatus] = useState<CheckoutStatus | null>(null);
  const load = useCallback(() => {
    void api.invoke('checkout.status', {}).then((r) => {
      if (r.ok) setStatus(r.value);
    });
  }, [api]);
  useEffect(load, [load]);
  useConsoleEvent('data.changed', load);
  useReconnect(load);
  return status;
}

/** The time, once a second, while `enabled`: a lease countdown shows seconds. */
export function useSecondClock(enabled: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!enabled) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [enabled]);
  return now;
}
