import { useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatYuan, type ProfileView, type WithdrawalChannel, type WithdrawalPreview } from '@mall/shared';
import { ApiError, messageOf } from '../../../../api/client';
import { getProfile } from '../../../../api/profile';
import { previewWithdrawal, requestWithdrawal } from '../../../../api/withdrawals';
import { withH5Header } from '../../../../components/h5-header';
import { Button, Input } from '../../../../components/nutui';
import { newRequestId } from '../../../../lib/request-id';
import { fenToAmountInput, limitsOf, parseAmountInput } from '../../lib/money';
import '../../money.css';

const toast = (title: string) => void Taro.showToast({ title, icon: 'none' });
const WITHDRAWALS_PAGE = '/subpackages/distribution/pages/withdrawals/index';
const PROFILE_PAGE = '/subpackages/member/pages/profile/index';
const PREVIEW_DELAY_MS = 300;

interface Bank {
  bankName: string;
  accountName: string;
  accountNo: string;
}

/**
 * 提现: the amount, where to (WeChat balance or a bank card in the member's own name), the fee, net amount and
 * limits as the server computes them, a confirmation, then one request with its own Idempotency-Key.
 */
function WithdrawPage() {
  const [profile, setProfile] = useState<ProfileView | null>(null);
  const [limits, setLimits] = useState<WithdrawalPreview | null>(null);
  const [amountText, setAmountText] = useState('');
  const [preview, setPreview] = useState<WithdrawalPreview | null>(null);
  const [channel, setChannel] = useState<WithdrawalChannel>('wechat');
  const [bank, setBank] = useState<Bank>({ bankName: '', accountName: '', accountNo: '' });
  const [error, setError] = useState('');
  const [isSubmitting, setSubmitting] = useState(false);
  const ticket = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // a submission whose answer was lost is sent again under the same key: the server replays, never pays twice
  const pending = useRef<{ body: string; key: string } | null>(null);

  useDidShow(() => {
    // any amount answers the limits, today's use and the available balance
    Promise.all([getProfile(), previewWithdrawal(1)])
      .then(([p, l]) => {
        setProfile(p);
        setLimits(l);
        setBank((b) => ({ ...b, accountName: b.accountName || (p.realName ?? '') }));
      })
      .catch((err: unknown) => setError(messageOf(err)));
  });

  const askPreview = (text: string) => {
    setAmountText(text);
    setPreview(null);
    if (timer.current) clearTimeout(timer.current);
    const parsed = parseAmountInput(text);
    if (!('fen' in parsed)) return;
    const mine = ++ticket.current;
    timer.current = setTimeout(() => {
      previewWithdrawal(parsed.fen)
        .then((p) => mine === ticket.current && setPreview(p))
        .catch((err: unknown) => mine === ticket.current && toast(messageOf(err)));
    }, PREVIEW_DELAY_MS);
  };

  if (!limits || !profile) return <View className="placeholder">{error || '加载中…'}</View>;
  const hasRealName = !!profile.realName && !!profile.idNumberMasked;
  const parsed = parseAmountInput(amountText);
  const problem = amountText && 'problem' in parsed ? parsed.problem : (preview?.refusal?.message ?? null);
  const canSubmit = hasRealName && !!preview && !preview.refusal && !isSubmitting;

  const submit = async () => {
    if (!preview || preview.refusal) return;
    const body =
      channel === 'wechat'
        ? { amountFen: preview.amountFen, channel }
        : { amountFen: preview.amountFen, channel, bank: { ...bank, accountNo: bank.accountNo.replace(/\s+/g, '') } };
    if (channel === 'bank' && (!bank.bankName.trim() || !bank.accountName.trim() || !bank.accountNo.trim()))
      return toast('请填写开户银行、户名和卡号');
    const { confirm } = await Taro.showModal({
      title: '确认提现',
      content: `提现 ${formatYuan(preview.amountFen)}，手续费 ${formatYuan(preview.feeFen)}，实际到账 ${formatYuan(preview.netFen)}（${channel === 'wechat' ? '微信零钱' : '银行卡'}）`,
    });
    if (!confirm) return;
    const text = JSON.stringify(body);
    const key = pending.current?.body === text ? pending.current.key : newRequestId();
    pending.current = { body: text, key };
    setSubmitting(true);
    try {
      await requestWithdrawal(body, key);
      pending.current = null;
      void Taro.redirectTo({ url: WITHDRAWALS_PAGE });
    } catch (err) {
      // refused (4xx): nothing was written, a new attempt is a new submission; lost (network): retry the same
      if (!(err instanceof ApiError && err.status === 0)) pending.current = null;
      toast(messageOf(err));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <View className="page money e2e-withdraw">
      {!hasRealName && (
        <View
          className="card money__notice e2e-withdraw-realname"
          onClick={() => void Taro.navigateTo({ url: PROFILE_PAGE })}
        >
          提现需先完成实名认证（姓名与身份证号），去填写 ›
        </View>
      )}
      <View className="card">
        <View className="row">
          <Text className="card-title">提现金额</Text>
          <Text className="muted">
            可提现 <Text className="e2e-withdraw-available">{formatYuan(limits.availableFen)}</Text>
          </Text>
        </View>
        <View className="money__amount">
          <Text className="money__currency">¥</Text>
          <Input
            className="money__input e2e-withdraw-amount"
            type="digit"
            placeholder="0.00"
            value={amountText}
            onChange={(v) => askPreview(String(v))}
          />
          <Text
            className="money__all e2e-withdraw-all"
            onClick={() => askPreview(fenToAmountInput(limits.availableFen))}
          >
            全部
          </Text>
        </View>
        {problem && <View className="money__reason e2e-withdraw-problem">{problem}</View>}
        {preview && !preview.refusal && (
          <View className="money__preview e2e-withdraw-preview">
            <View className="row muted">
              <Text>手续费</Text>
              <Text className="e2e-withdraw-fee">{formatYuan(preview.feeFen)}</Text>
            </View>
            <View className="row">
              <Text>实际到账</Text>
              <Text className="price e2e-withdraw-net">{formatYuan(preview.netFen)}</Text>
            </View>
          </View>
        )}
        {limitsOf(limits).map((line) => (
          <View key={line} className="muted money__limit">
            {line}
          </View>
        ))}
      </View>

      <View className="card">
        <View className="card-title">到账方式</View>
        <View className="money__choices">
          {(['wechat', 'bank'] as const).map((c) => (
            <Text
              key={c}
              className={`money__chip e2e-withdraw-channel-${c} ${channel === c ? 'is-selected' : ''}`}
              onClick={() => setChannel(c)}
            >
              {c === 'wechat' ? '微信零钱' : '银行卡'}
            </Text>
          ))}
        </View>
        {channel === 'wechat' && (
          <View className="muted money__limit">审核通过后商家发起转账，你需在微信中确认收款</View>
        )}
        {channel === 'bank' && (
          <View className="money__bank">
            <Input
              className="e2e-withdraw-bank-name"
              placeholder="开户银行"
              value={bank.bankName}
              onChange={(v) => setBank({ ...bank, bankName: String(v) })}
            />
            <Input
              className="e2e-withdraw-account-name"
              placeholder="户名（须与实名一致）"
              value={bank.accountName}
              onChange={(v) => setBank({ ...bank, accountName: String(v) })}
            />
            <Input
              className="e2e-withdraw-account-no"
              type="digit"
              placeholder="银行卡号"
              value={bank.accountNo}
              onChange={(v) => setBank({ ...bank, accountNo: String(v) })}
            />
            <View className="muted money__limit">银行卡户名须与实名认证姓名一致，由财务统一打款</View>
          </View>
        )}
      </View>

      <View className="bottom-bar">
        <Text className="muted" onClick={() => void Taro.navigateTo({ url: WITHDRAWALS_PAGE })}>
          提现记录
        </Text>
        <Button
          type="primary"
          className="e2e-withdraw-submit"
          loading={isSubmitting}
          disabled={!canSubmit}
          onClick={() => void submit()}
        >
          提现
        </Button>
      </View>
    </View>
  );
}

export default withH5Header('提现', WithdrawPage);
