import { useState, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { confirmSandboxPayment, startAlipayWap, wechatPrepay } from '../api/payments';
import { PayChannelSheet } from '../components/pay-channel-sheet';
import { SandboxCashier } from '../components/sandbox-cashier';
import { alipayReturnUrl, payChannelsFor, type PayChannel } from '../lib/pay-channels';

/**
 * submitted: the member paid in a cashier (whether the money arrived is for the pay-result page to find out);
 * cancelled: no payment made; offline: the member chose a bank transfer (its page shows the account);
 * redirected: the browser is leaving for Alipay's cashier, which sends it back to the pay-result page.
 */
export type PayOutcome = 'submitted' | 'cancelled' | 'offline' | 'redirected';

type Settle = (outcome: PayOutcome, error?: unknown) => void;

type Step =
  | { kind: 'choose'; orderNo: string; amountFen: number; settle: Settle }
  | { kind: 'cashier'; orderNo: string; amountFen: number; prepayId: string; settle: Settle };

const CHANNELS = payChannelsFor(process.env.TARO_ENV);

/** "prepay_id=wx2017..." -> "wx2017..." */
export function prepayIdOf(packageValue: string): string {
  return packageValue.replace(/^prepay_id=/, '');
}

function isUserCancel(err: unknown): boolean {
  const msg = (err as { errMsg?: string } | null)?.errMsg ?? '';
  return msg.includes('cancel');
}

/**
 * Pays an unpaid order: the member picks a channel, then WeChat Pay (Taro.requestPayment in weapp, the sandbox
 * cashier in H5), Alipay's wap cashier (H5 only) or a bank transfer. Render `cashier` somewhere in the page.
 */
export function usePayment(): { pay: (orderNo: string, amountFen: number) => Promise<PayOutcome>; cashier: ReactNode } {
  const [step, setStep] = useState<Step | null>(null);

  const payWechat = async (orderNo: string, amountFen: number, settle: Settle) => {
    const params = await wechatPrepay(orderNo);
    if (process.env.TARO_ENV !== 'h5') {
      setStep(null);
      try {
        await Taro.requestPayment(params);
        settle('submitted');
      } catch (err) {
        if (isUserCancel(err)) settle('cancelled');
        else settle('cancelled', err);
      }
      return;
    }
    setStep({ kind: 'cashier', orderNo, amountFen, prepayId: prepayIdOf(params.package), settle });
  };

  const payAlipay = async (orderNo: string, settle: Settle) => {
    const { payUrl } = await startAlipayWap(orderNo, alipayReturnUrl(window.location.href, orderNo));
    if (!payUrl) throw new Error('支付宝收银台暂不可用');
    setStep(null);
    settle('redirected');
    window.location.assign(payUrl);
  };

  const choose = async (channel: PayChannel) => {
    if (step?.kind !== 'choose') return;
    const { orderNo, amountFen, settle } = step;
    try {
      if (channel === 'wechat') await payWechat(orderNo, amountFen, settle);
      else if (channel === 'alipay') await payAlipay(orderNo, settle);
      else {
        setStep(null);
        settle('offline');
      }
    } catch (err) {
      setStep(null);
      settle('cancelled', err);
    }
  };

  const pay = (orderNo: string, amountFen: number) =>
    new Promise<PayOutcome>((resolve, reject) => {
      const settle: Settle = (outcome, error) => {
        setStep(null);
        if (error) reject(error);
        else resolve(outcome);
      };
      setStep({ kind: 'choose', orderNo, amountFen, settle });
    });

  let cashier: ReactNode = null;
  if (step?.kind === 'choose') {
    cashier = (
      <PayChannelSheet
        amountFen={step.amountFen}
        channels={CHANNELS}
        onChoose={(channel) => void choose(channel)}
        onCancel={() => step.settle('cancelled')}
      />
    );
  } else if (step?.kind === 'cashier') {
    cashier = (
      <SandboxCashier
        orderNo={step.orderNo}
        amountFen={step.amountFen}
        onConfirm={async () => {
          try {
            await confirmSandboxPayment(step.prepayId);
            step.settle('submitted');
          } catch (err) {
            step.settle('cancelled', err);
          }
        }}
        onCancel={() => step.settle('cancelled')}
      />
    );
  }

  return { pay, cashier };
}

export const OFFLINE_PAY_PAGE = '/subpackages/payment/pages/offline/index';

/** Where to go once the pay step closed (Alipay's cashier brings the browser back on its own). */
export function goAfterPayment(orderNo: string, outcome: PayOutcome): void {
  if (outcome === 'redirected') return;
  const no = encodeURIComponent(orderNo);
  if (outcome === 'offline') {
    void Taro.redirectTo({ url: `${OFFLINE_PAY_PAGE}?orderNo=${no}` });
    return;
  }
  const page = outcome === 'submitted' ? 'pay-result' : 'order-detail';
  void Taro.redirectTo({ url: `/pages/${page}/index?orderNo=${no}` });
}
