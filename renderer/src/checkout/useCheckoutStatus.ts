import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { CheckoutStatus } from '../../../shared/api';
import { useApi } from '../api/context';
import { ask } from '../data/ask';
import { queryKeys } from '../data/queryKeys';

/** The reviewer's offline checkout as the core holds it: stale after any change of cases (data/invalidation.ts). */
export function useCheckoutStatus(): CheckoutStatus | null {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.checkout, queryFn: () => ask(api, 'checkout.status', {}) }).data ?? null;
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
