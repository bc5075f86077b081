import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { messageOf } from '../../../../api/client';
import { createTeamSession, getTeamSession, updateTeamSession } from '../../../../api/team-sessions';
import { Button } from '../../../../components/nutui';
import { withH5Header } from '../../../../components/h5-header';
import { DEADLINE_CHOICES, formOf, SESSION_PAGE, sessionBodyOf, type SessionForm } from '../../../../lib/team-sessions';
import '../../sessions.css';

const pad = (n: number) => String(n).padStart(2, '0');
const tomorrow = () => {
  const d = new Date(Date.now() + 86_400_000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
const EMPTY: SessionForm = {
  title: '',
  description: '',
  date: '',
  startTime: '19:30',
  endTime: '21:00',
  deadlineHoursBefore: 1,
  place: '',
  onlineUrl: '',
  capacity: '',
  audience: 'team',
};
const AUDIENCES = [
  { value: 'team', label: '全体团队（两级）' },
  { value: 'direct', label: '仅直属成员' },
] as const;

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <View className="session-form__field">
      <Text>{label}</Text>
      {children}
    </View>
  );
}

/** A labelled date or time picker showing its value (or the placeholder while empty). */
function PickerField(props: {
  label: string;
  mode: 'date' | 'time';
  value: string;
  /** the earliest value offered */
  start?: string;
  placeholder?: string;
  onPick: (value: string) => void;
}) {
  return (
    <Field label={props.label}>
      <Picker mode={props.mode} value={props.value} start={props.start} onChange={(e) => props.onPick(e.detail.value)}>
        <Text>{props.value || (props.placeholder ?? '')}</Text>
      </Picker>
    </Field>
  );
}

/** A row of tappable options, one selected. */
function Choices<T extends string | number>(props: {
  options: readonly { value: T; label: string }[];
  value: T;
  onChoose: (value: T) => void;
}) {
  return (
    <View className="session-signup__actions">
      {props.options.map((o) => (
        <Text
          key={o.value}
          className={`session-form__choice ${props.value === o.value ? 'is-selected' : ''}`}
          onClick={() => props.onChoose(o.value)}
        >
          {o.label}
        </Text>
      ))}
    </View>
  );
}

/** A leader announces a training session to their team (or changes one of theirs: ?id=). */
function SessionEditPage() {
  const { params } = useRouter();
  const id = params.id ? Number(params.id) : null;
  const [form, setForm] = useState<SessionForm>({ ...EMPTY, date: tomorrow() });
  const [isBusy, setBusy] = useState(false);
  const set = <K extends keyof SessionForm>(key: K, value: SessionForm[K]) => setForm((f) => ({ ...f, [key]: value }));

  useDidShow(() => {
    if (id === null) return;
    getTeamSession(id)
      .then((s) => setForm(formOf(s)))
      .catch((err: unknown) => void Taro.showToast({ title: messageOf(err), icon: 'none' }));
  });

  const submit = async () => {
    const result = sessionBodyOf(form);
    if ('problem' in result) return void Taro.showToast({ title: result.problem, icon: 'none' });
    setBusy(true);
    try {
      const saved = id === null ? await createTeamSession(result.body) : await updateTeamSession(id, result.body);
      void Taro.showToast({ title: id === null ? '已发布，团队成员会收到通知' : '已保存', icon: 'none' });
      void Taro.redirectTo({ url: `${SESSION_PAGE}?id=${saved.id}` });
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="page session-form">
      <View className="card">
        <Field label="主题">
          <Input
            className="e2e-session-title"
            value={form.title}
            maxlength={30}
            placeholder="30 字以内"
            onInput={(e) => set('title', e.detail.value)}
          />
        </Field>
        <PickerField
          label="日期"
          mode="date"
          value={form.date}
          start={tomorrow()}
          placeholder="请选择"
          onPick={(date) => set('date', date)}
        />
        <PickerField label="开始" mode="time" value={form.startTime} onPick={(time) => set('startTime', time)} />
        <PickerField label="结束" mode="time" value={form.endTime} onPick={(time) => set('endTime', time)} />
        <Field label="报名截止">
          <Choices
            options={DEADLINE_CHOICES.map((c) => ({ value: c.hours, label: c.label }))}
            value={form.deadlineHoursBefore}
            onChoose={(hours) => set('deadlineHoursBefore', hours)}
          />
        </Field>
        <Field label="地点">
          <Input
            className="e2e-session-place"
            value={form.place}
            maxlength={120}
            placeholder="线下地点（或填线上链接）"
            onInput={(e) => set('place', e.detail.value)}
          />
        </Field>
        <Field label="线上链接">
          <Input
            value={form.onlineUrl}
            maxlength={300}
            placeholder="https://…（可选）"
            onInput={(e) => set('onlineUrl', e.detail.value)}
          />
        </Field>
        <Field label="名额">
          <Input
            type="number"
            value={form.capacity}
            placeholder="不填为不限"
            onInput={(e) => set('capacity', e.detail.value)}
          />
        </Field>
        <Field label="面向">
          <Choices options={AUDIENCES} value={form.audience} onChoose={(audience) => set('audience', audience)} />
        </Field>
        <Textarea
          className="session-form__textarea"
          value={form.description}
          maxlength={1000}
          placeholder="培训内容（可选）"
          onInput={(e) => set('description', e.detail.value)}
        />
      </View>
      <View className="muted" style={{ padding: '0 24px' }}>
        发布后，所选范围内的团队成员会在消息中心收到通知。培训仅作学习交流，报名和出席不产生任何奖励。
      </View>
      <View className="bottom-bar">
        <Text className="muted">{id === null ? '新培训' : '修改培训'}</Text>
        <Button
          type="primary"
          loading={isBusy}
          disabled={isBusy}
          className="e2e-session-save"
          onClick={() => void submit()}
        >
          {id === null ? '发布' : '保存'}
        </Button>
      </View>
    </View>
  );
}

export default withH5Header('发起培训', SessionEditPage);
