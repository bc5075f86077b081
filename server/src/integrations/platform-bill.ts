/**
 * A platform's daily trade bill, as both payment adapters hand it over: one row per payment and one per refund
 * (a payment refunded the same day is two rows, as on the platforms' own bills), amounts in integer fen.
 */
export interface PlatformBillRow {
  kind: 'payment' | 'refund';
  outTradeNo: string;
  /** out_refund_no (WeChat Pay) / out_request_no (Alipay); null on payment rows. */
  refundNo: string | null;
  /** The platform's id of the row: transaction_id / trade_no for a payment, the refund id for a refund. */
  platformId: string | null;
  /** What was paid (the order amount) or asked back (the refund amount), positive. */
  amountFen: number;
  /** The status as the bill spells it: SUCCESS / REVOKED, refund SUCCESS / PROCESSING / CLOSED; 交易 / 退款. */
  status: string;
  /** The bill's time column as written (Beijing time). */
  at: string;
}

export interface PlatformBill {
  billDate: string;
  rows: PlatformBillRow[];
  /** The bill's own totals, when it has a summary (checked against the rows by the adapter). */
  summary: { rowCount: number } | null;
}

/** The bill could not be had or trusted: a stable code for the run's status (BILL_HASH_MISMATCH, ...). */
export class BillUnavailableError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Worth trying again later (not generated yet, a network fault); false for a bill that cannot be trusted. */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'BillUnavailableError';
  }
}
