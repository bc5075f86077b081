import { decodeGbk, encodeGbk } from './alipay/gbk';
import { parseAlipayTradeBill } from './alipay/trade-bill';
import { readZip, writeZip } from './alipay/zip';
import { parseWechatTradeBill } from './wechatpay/trade-bill';

// the layout of WeChat Pay's sample ALL bill: a payment, its refund the same day, the summary
const WECHAT_BILL = [
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,' +
    '应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,' +
    '手续费,费率,订单金额,申请退款金额,费率备注',
  '`2026-12-01 10:01:02,`wx1,`1900000001,`0,`,`4200000001202612010000000001,`ORDER0001,`oUser,`JSAPI,`SUCCESS,`OTHERS,`CNY,' +
    '`12.30,`0.00,`0,`0,`0.00,`0.00,`,`,`商品,含逗号,`,`0.07,`0.60%,`12.30,`0.00,`',
  '`2026-12-01 11:00:00,`wx1,`1900000001,`0,`,`4200000001202612010000000001,`ORDER0001,`oUser,`JSAPI,`REFUND,`OTHERS,`CNY,' +
    '`0.00,`0.00,`50300000001,`RF0001,`3.05,`0.00,`ORIGINAL,`PROCESSING,`商品,`,`-0.02,`0.60%,`12.30,`3.05,`',
  '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
  '`2,`12.30,`3.05,`0.00,`0.05,`12.30,`3.05',
  '',
].join('\r\n');

test('a WeChat Pay ALL bill parses into a payment and a refund in fen, backquotes and all', () => {
  const bill = parseWechatTradeBill(WECHAT_BILL, '2026-12-01');
  expect(bill.summary).toEqual({ rowCount: 2 });
  expect(bill.rows).toEqual([
    {
      kind: 'payment',
      outTradeNo: 'ORDER0001',
      refundNo: null,
      platformId: '4200000001202612010000000001',
      amountFen: 1230,
      status: 'SUCCESS',
      at: '2026-12-01 10:01:02',
    },
    {
      kind: 'refund',
      outTradeNo: 'ORDER0001',
      refundNo: 'RF0001',
      platformId: '50300000001',
      amountFen: 305,
      status: 'PROCESSING',
      at: '2026-12-01 11:00:00',
    },
  ]);
});

test('a WeChat Pay bill line without its backquote is refused as malformed', () => {
  const broken = WECHAT_BILL.replace('`2026-12-01 10:01:02', '2026-12-01 10:01:02');
  expect(() => parseWechatTradeBill(broken, '2026-12-01')).toThrow(expect.objectContaining({ code: 'BILL_MALFORMED' }));
});

const ALIPAY_DETAIL = [
  '#支付宝业务明细查询',
  '#账号：[20880000000000000156]',
  '#起始日期：[2026年12月01日 00:00:00]   终止日期：[2026年12月02日 00:00:00]',
  '#-----------------------------------------业务明细列表----------------------------------------',
  '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,' +
    '商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,' +
    '商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注',
  '2026120122001400001\t,ORDER0002\t,交易,商品,2026-12-01 10:00:00,2026-12-01 10:00:05,,,,,b***@x.com,99.9,99.90,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,,-0.60,0.00,',
  '2026120122001400001\t,ORDER0002\t,退款,商品,2026-12-01 12:00:00,2026-12-01 12:00:01,,,,,b***@x.com,-0.01,-0.01,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,RQ0001\t,0.00,0.00,',
  '#-----------------------------------------业务明细列表结束------------------------------------',
  '#交易合计：1笔，商家实收共99.90元，商家优惠共0.00元',
  '#退款合计：1笔，商家实收退款共-0.01元，商家优惠退款共0.00元',
  '#导出时间：[2026年12月02日 09:00:00]',
].join('\r\n');

test('an Alipay bill zip of GBK files parses into fen, tabs and negative refunds undone', () => {
  const zip = writeZip([
    { name: '20880000000000000156_20261201_业务明细.csv', data: encodeGbk(ALIPAY_DETAIL) },
    { name: '20880000000000000156_20261201_业务明细(汇总).csv', data: encodeGbk('#汇总') },
  ]);
  const entries = readZip(zip);
  expect(entries.map((e) => e.name)).toEqual([
    '20880000000000000156_20261201_业务明细.csv',
    '20880000000000000156_20261201_业务明细(汇总).csv',
  ]);
  const detail = entries.find((e) => !e.name.includes('汇总'))!;
  const bill = parseAlipayTradeBill(decodeGbk(detail.data), '2026-12-01');
  expect(bill.summary).toEqual({ rowCount: 2 });
  expect(bill.rows).toEqual([
    expect.objectContaining({
      kind: 'payment',
      outTradeNo: 'ORDER0002',
      amountFen: 9990,
      status: '交易',
      refundNo: null,
    }),
    expect.objectContaining({
      kind: 'refund',
      outTradeNo: 'ORDER0002',
      amountFen: 1,
      status: '退款',
      refundNo: 'RQ0001',
    }),
  ]);
});

test('an Alipay bill whose totals disagree with its lines is refused', () => {
  const short = ALIPAY_DETAIL.replace('#退款合计：1笔', '#退款合计：2笔');
  expect(() => parseAlipayTradeBill(short, '2026-12-01')).toThrow(expect.objectContaining({ code: 'BILL_MALFORMED' }));
});
