import { signedHeaders } from './warehouse-signature';

/** What we push for a paid order: enough to pick, pack and ship it, and where to call us back. */
export interface WarehouseOrder {
  orderNo: string;
  paidAt: string | null;
  remark: string;
  receiver: { name: string; phone: string; region: string; detail: string };
  lines: { orderLineId: number; skuId: number; productName: string; specs: Record<string, string>; quantity: number }[];
  callbackUrl: string;
}

export class WarehouseError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'WarehouseError';
  }
}

export interface WarehouseClient {
  /** POST the order, signed; a 2xx means the warehouse has it (it must accept the same orderNo twice). */
  pushOrder(order: WarehouseOrder): Promise<void>;
}

export function createWarehouseClient(cfg: { url: string; secret: string }): WarehouseClient {
  return {
    async pushOrder(order) {
      const body = JSON.stringify(order);
      let response: Response;
      try {
        response = await fetch(cfg.url, {
          method: 'POST',
          headers: { ...signedHeaders(cfg.secret, body), 'Idempotency-Key': `order:${order.orderNo}` },
          body,
          signal: AbortSignal.timeout(8_000),
        });
      } catch (error) {
        throw new WarehouseError(0, `warehouse unreachable (${(error as Error).name})`);
      }
      if (!response.ok) throw new WarehouseError(response.status, `warehouse answered HTTP ${response.status}`);
    },
  };
}
