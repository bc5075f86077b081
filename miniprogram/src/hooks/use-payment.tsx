import { useState, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { confirmSandboxPayment, wechatPrepay } from '../api/payments';
import { SandboxCashier } from '../components/sandbox-cashier';

export type PayOutcome = 'submitted' | 'cancelled';

interface CashierRequest {
  orderNo: string;
  amountFen: number;
  prepayId: string;
  settle: (outcome: PayOutcome, error?: unknown) => void;
}

/** "prepay_id=wx2017..." -> "wx2017..." */
export function prepayIdOf(packageValue: string): string {
  return packageValue.replace(/^prepay_id=/, '');
}

function isUserCancel(err: unknown): boolean {
  const msg = (err as { errMsg?: string } | null)?.errMsg ?? '';
  return msg.includes('cancel');
}

/**
 * Pays an unpaid order: prepay on the server, then the WeChat cashier (weapp) or the sandbox cashier (H5).
 * 'submitted' means the member paid; whether the money arrived is for the pay-result page to find out.
 * Render `cashier` somewhere in the page.
 */
export function usePayment(): { pay: (orderNo: string, amountFen: number) => Promise<PayOutcome>; cashier: ReactNode } {
  const [request, setRequest] = useState<CashierRequest | null>(null);

  const pay = async (orderNo: string, amountFen: number): Promise<PayOutcome> => {
    const params = await wechatPrepay(orderNo);
    if (process.env.TARO_ENV !== 'h5') {
      try {
        await Taro.requestPayment(params);
        return 'submitted';
      } catch (err) {
        if (isUserCancel(err)) return 'cancelled';
        throw err;
      }
    }
    return new Promise<PayOutcome>((resolve, reject) => {
      setRequest({
        orderNo,
        amountFen,
        prepayId: prepayIdOf(params.package),
        settle: (outcome, error) => {
          setRequest(null);
          if (error) reject(error);
          else resolve(outcome);
        },
      });
    });
  };

  const cashier = request ? (
    <SandboxCashier
      orderNo={request.orderNo}
      amountFen={request.amountFen}
      onConfirm={async () => {
        try {
          await confirmSandboxPayment(request.prepayId);
          request.settle('submitted');
        } catch (err) {
          request.settle('cancelled', err);
        }
      }}
      onCancel={() => request.settle('cancelled')}
    />
  ) : null;

  return { pay, cashier };
}

/** Where to go once the cashier closed. */
export function goAfterPayment(orderNo: string, outcome: PayOutcome): void {
  const page = outcome === 'submitted' ? 'pay-result' : 'order-detail';
  void Taro.redirectTo({ url: `/pages/${page}/index?orderNo=${encodeURIComponent(orderNo)}` });
}
