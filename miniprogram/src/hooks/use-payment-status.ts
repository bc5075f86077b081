import { useCallback, useEffect, useState } from 'react';
import type { OrderView } from '@mall/shared';
import { getMyOrder } from '../api/orders';
import { syncPayment } from '../api/payments';

export type PaymentCheck = 'checking' | 'paid' | 'pending' | 'closed';

const POLL_EVERY_MS = 1500;
/** The notify usually lands within a second; past this we ask WeChat Pay ourselves (主动查单). */
const SYNC_AFTER_MS = 4000;
const GIVE_UP_AFTER_MS = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Watches an order until it is paid, or for 20 s; `retry` starts over. */
export function usePaymentStatus(orderNo: string): { check: PaymentCheck; order: OrderView | null; retry: () => void } {
  const [check, setCheck] = useState<PaymentCheck>('checking');
  const [order, setOrder] = useState<OrderView | null>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let isCurrent = true;
    const alive = () => isCurrent;
    (async () => {
      setCheck('checking');
      const started = Date.now();
      let hasSynced = false;
      while (alive() && Date.now() - started < GIVE_UP_AFTER_MS) {
        try {
          if (!hasSynced && Date.now() - started >= SYNC_AFTER_MS) {
            hasSynced = true;
            await syncPayment(orderNo);
          }
          const latest = await getMyOrder(orderNo);
          if (!alive()) return;
          setOrder(latest);
          if (latest.status !== 'pending_payment') {
            setCheck(latest.status === 'cancelled' ? 'closed' : 'paid');
            return;
          }
        } catch {
          // A failed poll is just another poll that saw nothing yet.
        }
        await sleep(POLL_EVERY_MS);
      }
      if (alive()) setCheck('pending');
    })();
    return () => {
      isCurrent = false;
    };
  }, [orderNo, round]);

  const retry = useCallback(() => setRound((r) => r + 1), []);
  return { check, order, retry };
}
