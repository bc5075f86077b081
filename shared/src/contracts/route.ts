import { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route. Every route the server registers declares one; a test walks the router and fails
 * on any route without it.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'member' }
  | { kind: 'admin'; permission: string }
  /** Called by a platform (WeChat Pay, Alipay) and authenticated by its signature, not by a token. */
  | { kind: 'platform'; platform: string }
  /** Sandbox stand-ins for external platforms; never mounted in production. */
  | { kind: 'sandbox' };

export const access = {
  public: { kind: 'public' } as const,
  member: { kind: 'member' } as const,
  sandbox: { kind: 'sandbox' } as const,
  admin: (permission: string) => ({ kind: 'admin', permission }) as const,
  platform: (platform: string) => ({ kind: 'platform', platform }) as const,
};

export interface RouteContract<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Koa-router style path: /api/orders/:orderNo */
  path: string;
  summary: string;
  tags: string[];
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Success response body; undefined for 204 and non-JSON answers. */
  response?: R;
  /** Success status, 200 unless said. */
  status?: number;
}

export function defineRoute<
  P extends z.ZodType = z.ZodNever,
  Q extends z.ZodType = z.ZodNever,
  B extends z.ZodType = z.ZodNever,
  R extends z.ZodType = z.ZodNever,
>(contract: RouteContract<P, Q, B, R>): RouteContract<P, Q, B, R> {
  return contract;
}

export type ParamsOf<C> = C extends RouteContract<infer P, z.ZodType, z.ZodType, z.ZodType> ? z.input<P> : never;
export type QueryOf<C> = C extends RouteContract<z.ZodType, infer Q, z.ZodType, z.ZodType> ? z.input<Q> : never;
export type BodyOf<C> = C extends RouteContract<z.ZodType, z.ZodType, infer B, z.ZodType> ? z.input<B> : never;
export type ResponseOf<C> = C extends RouteContract<z.ZodType, z.ZodType, z.ZodType, infer R> ? z.output<R> : never;

/** The error body every 4xx/5xx JSON answer carries. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    requestId: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const Id = z.coerce.number().int().positive();
export const Fen = z.number().int();
export const NonNegativeFen = Fen.min(0);

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

/** Fills path parameters: ('/api/orders/:orderNo', { orderNo: 'X' }) -> '/api/orders/X'. */
export function buildPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/:([A-Za-z_]\w*)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(value));
  });
}
