/**
 * Delivers the sandbox's notifications (payments and refunds) to the merchant's notify_url the way WeChat Pay does:
 * signed with the platform key, acknowledged only by 200/204, retried a few times in the background when not (WeChat
 * retries over about 24 hours; a sandbox only needs to show that a refusal is not the end).
 */
import { buildNotificationBody, signPlatformMessage } from './notification-signer';
import { describeRefund, describeTransaction, type SandboxOrder, type SandboxRefund } from './sandbox-ledger';
import { describeTransfer, type SandboxTransfer } from './sandbox-transfers';

const DELIVERY_TIMEOUT_MS = 5_000;
const RETRY_DELAYS_MS = [2_000, 10_000];

export type SandboxLog = (msg: string, extra?: object) => void;

/** What is delivered: the notification body is built once, so redeliveries repeat the same notification id. */
interface Deliverable {
  key: string;
  url: string;
  body(): string;
}

export function createSandboxNotifier(opts: {
  signer: { platformPrivateKeyPem: string; serial: string; apiV3Key: string };
  log?: SandboxLog;
}) {
  const retrying = new Set<string>();
  let inFlight = 0;

  async function deliverOnce(item: Deliverable): Promise<boolean> {
    const body = item.body();
    inFlight++;
    try {
      const response = await fetch(item.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...signPlatformMessage(opts.signer, body) },
        body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.arrayBuffer(); // drain, so the connection is released
      const acknowledged = response.status === 200 || response.status === 204;
      opts.log?.('wechatpay sandbox notification delivered', { key: item.key, status: response.status, acknowledged });
      return acknowledged;
    } catch (error) {
      opts.log?.('wechatpay sandbox notification failed', { key: item.key, error: (error as Error).message });
      return false;
    } finally {
      inFlight--;
    }
  }

  function retryLater(item: Deliverable, attempt = 0): void {
    if (attempt >= RETRY_DELAYS_MS.length || retrying.has(item.key)) return;
    retrying.add(item.key);
    const timer = setTimeout(async () => {
      retrying.delete(item.key);
      if (!(await deliverOnce(item))) retryLater(item, attempt + 1);
    }, RETRY_DELAYS_MS[attempt]);
    timer.unref(); // never keeps a process (or a test run) alive
  }

  async function deliver(item: Deliverable): Promise<boolean> {
    const acknowledged = await deliverOnce(item);
    if (!acknowledged) retryLater(item);
    return acknowledged;
  }

  return {
    /** Notifications being sent or waiting for a retry (tests wait for none before reading the outcome). */
    pending: () => inFlight + retrying.size,
    /** true when the merchant acknowledged; otherwise a couple of background retries follow. */
    deliver(order: SandboxOrder): Promise<boolean> {
      return deliver({
        key: `pay:${order.outTradeNo}`,
        url: order.notifyUrl,
        body: () =>
          (order.notificationBody ??= buildNotificationBody(opts.signer.apiV3Key, {
            eventType: 'TRANSACTION.SUCCESS',
            resource: describeTransaction(order),
          })),
      });
    },
    /** MCHTRANSFER.BILL.FINISHED when a transfer bill reaches a final state (to the notify_url of its creation). */
    deliverTransfer(bill: SandboxTransfer): Promise<boolean> {
      return deliver({
        key: `transfer:${bill.outBillNo}`,
        url: bill.notifyUrl,
        body: () =>
          (bill.notificationBody ??= buildNotificationBody(opts.signer.apiV3Key, {
            eventType: 'MCHTRANSFER.BILL.FINISHED',
            resource: describeTransfer(bill, 'notification'),
          })),
      });
    },
    deliverRefund(refund: SandboxRefund): Promise<boolean> {
      return deliver({
        key: `refund:${refund.outRefundNo}`,
        url: refund.notifyUrl,
        body: () =>
          (refund.notificationBody ??= buildNotificationBody(opts.signer.apiV3Key, {
            eventType: `REFUND.${refund.status === 'PROCESSING' ? 'SUCCESS' : refund.status}`,
            resource: describeRefund(refund, 'notification'),
          })),
      });
    },
  };
}
