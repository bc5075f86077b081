import ExcelJS from 'exceljs';
import { createAdmin } from '../src/modules/admin';
import { requestRefund } from '../src/modules/payments';
import { chinaDay } from '../src/platform/china-day';
import { queuesDrained } from './support/drained';
import { paidOrder, startAlipay, startWechat, unpaidOrder } from './support/payments';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
let admin: string;
const today = chinaDay(new Date());
const CHANNELS = ['wechatpay', 'alipay'] as const;
type Channel = (typeof CHANNELS)[number];

/** Per channel: three paid orders, the first refunded in part, all through the sandboxes. */
const day: Record<Channel, { outTradeNos: string[]; amounts: number[]; refundNo: string }> = {} as never;

async function payDay(channel: Channel) {
  const outTradeNos: string[] = [];
  const amounts = [1234, 2500, 990];
  for (const [i, priceFen] of amounts.entries()) {
    const { order } = await paidOrder(app, `recon-${channel}-${i}`, channel, priceFen);
    const [payment] = await app.query('SELECT out_trade_no FROM payments WHERE order_no = ? AND channel = ?', [
      order.orderNo,
      channel,
    ]);
    outTradeNos.push(payment.out_trade_no as string);
    if (i === 0) {
      const receipt = await requestRefund(app.services, {
        businessKey: `recon:${channel}`,
        orderNo: order.orderNo,
        amountFen: 300,
        reason: '部分退款',
        actor: 'test',
      });
      day[channel] = { outTradeNos, amounts, refundNo: receipt.refundNo };
    }
  }
  await queuesDrained(app.services);
}

const run = (channel: Channel, billDate = today, token = admin) =>
  app.http('POST', '/api/admin/reconciliation/runs', { token, body: { channel, billDate } });
const tamper = (channel: Channel, changes: unknown[]) =>
  app.http('POST', `/sandbox/${channel}/bills/tamper`, { body: { billDate: today, changes } });

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.adminToken();
  for (const channel of CHANNELS) await payDay(channel);
}, 180_000);
afterAll(() => app.stop());
afterEach(async () => {
  for (const channel of CHANNELS) await tamper(channel, []);
});

describe.each(CHANNELS)('%s', (channel) => {
  test('a day of payments and refunds reconciles to no difference', async () => {
    const res = await run(channel);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      channel,
      billDate: today,
      status: 'balanced',
      mismatchCount: 0,
      theirs: { paymentCount: 3, paymentFen: 1234 + 2500 + 990, refundCount: 1, refundFen: 300 },
      ours: { paymentCount: 3, paymentFen: 1234 + 2500 + 990, refundCount: 1, refundFen: 300 },
      trigger: 'admin:admin',
    });
  });

  test('injected differences give exactly the expected rows; a re-run replaces them and keeps resolutions', async () => {
    const { outTradeNos, refundNo } = day[channel];
    const extra = `EXTRA${channel.toUpperCase()}01`;
    const paidStatus = channel === 'wechatpay' ? 'SUCCESS' : '交易';
    // paid at the platform, but the notification was lost: only the bill knows
    const { token, order } = await unpaidOrder(app, `recon-silent-${channel}`, 4321);
    const ref =
      channel === 'wechatpay'
        ? await startWechat(app, token, order.orderNo)
        : await startAlipay(app, token, order.orderNo);
    const silent =
      channel === 'wechatpay'
        ? await app.http('POST', '/sandbox/wechatpay/confirm', { body: { prepayId: ref, notify: false } })
        : await app.http('POST', '/sandbox/alipay/pay', { body: { outTradeNo: ref, notify: false } });
    expect(silent.body.notified).toBe(false);
    const [{ out_trade_no: silentNo }] = await app.query('SELECT out_trade_no FROM payments WHERE order_no = ?', [
      order.orderNo,
    ]);
    const changes: unknown[] = [
      { kind: 'amount', key: outTradeNos[1], amountFen: 2501 },
      { kind: 'drop', key: outTradeNos[2] },
      { kind: 'extra', outTradeNo: extra, amountFen: 777 },
    ];
    // WeChat Pay bills a refund with its status then: a refund we count as succeeded, closed on the bill
    if (channel === 'wechatpay') changes.push({ kind: 'status', key: refundNo, status: 'CLOSED' });
    await tamper(channel, changes);
    const expected = [
      {
        kind: 'amount_differs',
        subject: 'payment',
        key: outTradeNos[1],
        ours: 2500,
        theirs: 2501,
        ourStatus: 'succeeded',
        theirStatus: paidStatus,
      },
      {
        kind: 'missing_theirs',
        subject: 'payment',
        key: outTradeNos[2],
        ours: 990,
        theirs: null,
        ourStatus: 'succeeded',
        theirStatus: null,
      },
      {
        kind: 'missing_ours',
        subject: 'payment',
        key: extra,
        ours: null,
        theirs: 777,
        ourStatus: null,
        theirStatus: paidStatus,
      },
      {
        kind: 'status_differs',
        subject: 'payment',
        key: silentNo,
        ours: 4321,
        theirs: 4321,
        ourStatus: 'pending',
        theirStatus: paidStatus,
      },
      ...(channel === 'wechatpay'
        ? [
            {
              kind: 'status_differs',
              subject: 'refund',
              key: refundNo,
              ours: 300,
              theirs: 300,
              ourStatus: 'succeeded',
              theirStatus: 'CLOSED',
            },
          ]
        : []),
    ];
    const first = await run(channel);
    expect(first.body).toMatchObject({
      status: 'mismatched',
      mismatchCount: expected.length,
      openMismatchCount: expected.length,
    });
    const list = await app.http('GET', `/api/admin/reconciliation/mismatches?runId=${first.body.id}`, {
      token: admin,
    });
    const rows = (list.body.items as Record<string, unknown>[]).map((m) => ({
      kind: m.kind,
      subject: m.subject,
      key: m.refundNo ?? m.outTradeNo,
      ours: m.ourAmountFen,
      theirs: m.theirAmountFen,
      ourStatus: m.ourStatus,
      theirStatus: m.theirStatus,
    }));
    expect(rows).toEqual(expect.arrayContaining(expected));
    expect(rows).toHaveLength(expected.length);

    // an admin resolves one with a note (audited); resolving it again is refused
    const missing = (list.body.items as { id: number; kind: string }[]).find((m) => m.kind === 'missing_ours')!;
    const resolved = await app.http('POST', `/api/admin/reconciliation/mismatches/${missing.id}/resolve`, {
      token: admin,
      body: { note: '平台多出的交易，已联系微信/支付宝核实' },
    });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: 'admin' });
    const again = await app.http('POST', `/api/admin/reconciliation/mismatches/${missing.id}/resolve`, {
      token: admin,
      body: { note: '再次处理' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('MISMATCH_ALREADY_RESOLVED');
    const [audit] = await app.query(
      "SELECT admin_username FROM admin_audit_logs WHERE action = 'reconciliation.mismatch_resolved' AND target_id = ?",
      [String(missing.id)],
    );
    expect(audit.admin_username).toBe('admin');

    // the same date again: the same run, its result replaced (no duplicates), the resolution kept
    const second = await run(channel);
    expect(second.body).toMatchObject({
      id: first.body.id,
      runCount: first.body.runCount + 1,
      mismatchCount: expected.length,
    });
    expect(second.body.openMismatchCount).toBe(expected.length - 1);
    const [{ n }] = await app.query('SELECT COUNT(*) AS n FROM reconciliation_mismatches WHERE run_id = ?', [
      first.body.id,
    ]);
    expect(Number(n)).toBe(expected.length);
    const [{ runs }] = await app.query(
      'SELECT COUNT(*) AS runs FROM reconciliation_runs WHERE channel = ? AND bill_date = ?',
      [channel, today],
    );
    expect(Number(runs)).toBe(1);
    const kept = await app.http('GET', `/api/admin/reconciliation/mismatches?runId=${first.body.id}&status=resolved`, {
      token: admin,
    });
    expect(kept.body.items).toEqual([
      expect.objectContaining({ outTradeNo: extra, resolutionNote: '平台多出的交易，已联系微信/支付宝核实' }),
    ]);

    // the lost payment is fetched (主动查单) and the bill tells the truth again: balanced, nothing left
    const synced = await app.http('POST', '/api/payments/wechat/sync', { token, body: { orderNo: order.orderNo } });
    expect(synced.body.status).toBe('paid');
    await queuesDrained(app.services);
    await tamper(channel, []);
    expect((await run(channel)).body).toMatchObject({ status: 'balanced', mismatchCount: 0 });
  });
});

test('a WeChat Pay bill whose hash does not match fails the run with a clear status', async () => {
  await tamper('wechatpay', [{ kind: 'hash' }]);
  const res = await run('wechatpay');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: 'failed', errorCode: 'BILL_HASH_MISMATCH' });
  expect(res.body.errorMessage).toMatch(/does not match its SHA1 hash/);
});

test('the export opens as a workbook with the listed rows', async () => {
  await tamper('alipay', [
    { kind: 'drop', key: day.alipay.outTradeNos[2] },
    { kind: 'amount', key: day.alipay.refundNo, amountFen: 301 },
  ]);
  expect((await run('alipay')).body).toMatchObject({ status: 'mismatched', mismatchCount: 2 });
  const res = await fetch(`${app.url}/api/admin/reconciliation/mismatches/export?channel=alipay&billDate=${today}`, {
    headers: { authorization: `Bearer ${admin}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await res.arrayBuffer());
  const sheet = workbook.getWorksheet('mismatches')!;
  const header = sheet.getRow(1).values as unknown[];
  const rows = sheet.getSheetValues().slice(2) as unknown[][];
  expect(rows).toHaveLength(2);
  const cell = (row: unknown[], name: string) => row[header.indexOf(name)];
  expect(rows.map((r) => [cell(r, 'kind'), cell(r, 'ourAmountFen'), cell(r, 'theirAmountFen')])).toEqual(
    expect.arrayContaining([
      ['missing_theirs', 990, ''],
      ['amount_differs', 300, 301],
    ]),
  );
  const [audit] = await app.query("SELECT after_json FROM admin_audit_logs WHERE action = 'reconciliation.exported'");
  expect(JSON.parse(audit.after_json)).toMatchObject({ rowCount: 2 });
});

test('only admins with finance:reconcile see or run it', async () => {
  await createAdmin('ops-recon', 'ops-recon-password', 'operator');
  await createAdmin('fin-recon', 'fin-recon-password', 'finance');
  const login = async (username: string) =>
    (await app.http('POST', '/api/admin/auth/login', { body: { username, password: `${username}-password` } })).body
      .token as string;
  const ops = await login('ops-recon');
  expect((await app.http('GET', '/api/admin/reconciliation/runs', { token: ops })).status).toBe(403);
  expect((await run('wechatpay', today, ops)).status).toBe(403);
  expect((await app.http('GET', '/api/admin/reconciliation/mismatches/export', { token: ops })).status).toBe(403);
  const fin = await login('fin-recon');
  const runs = await app.http('GET', `/api/admin/reconciliation/runs?from=${today}&to=${today}`, { token: fin });
  expect(runs.status).toBe(200);
  expect(runs.body.items.map((r: { channel: string }) => r.channel).sort()).toEqual(['alipay', 'wechatpay']);
  expect((await run('wechatpay', today, fin)).body.trigger).toBe('admin:fin-recon');
});

test('the daily job reconciles yesterday on every channel, once per channel and date', async () => {
  const queue = app.services.queues.finance;
  const repeatable = await queue.getRepeatableJobs();
  expect(repeatable).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ name: 'reconcile-daily', cron: '30 10 * * *', tz: 'Asia/Shanghai' }),
    ]),
  );
  await queue.add('reconcile-daily', {});
  await queue.add('reconcile-daily', {}); // a second trigger the same day adds no second run
  await queuesDrained(app.services);
  const yesterday = chinaDay(new Date(Date.now() - 86_400_000));
  const runs = await app.http('GET', `/api/admin/reconciliation/runs?from=${yesterday}&to=${yesterday}`, {
    token: admin,
  });
  expect(runs.body.items).toEqual(
    expect.arrayContaining(
      CHANNELS.map((channel) =>
        expect.objectContaining({ channel, status: 'balanced', trigger: 'schedule', runCount: 1, mismatchCount: 0 }),
      ),
    ),
  );
  expect(runs.body.items).toHaveLength(2);
});
