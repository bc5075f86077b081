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
  M extends HttpMethod = HttpMethod,
  Path extends string = string,
> {
  /** Kept as a literal type, so a client's route(...) is checked against it (see RouteRef). */
  method: M;
  /** Koa-router style path: /api/orders/:orderNo (a literal type, as method). */
  path: Path;
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
  M extends HttpMethod = HttpMethod,
  Path extends string = string,
>(contract: RouteContract<P, Q, B, R, M, Path>): RouteContract<P, Q, B, R, M, Path> {
  return contract;
}

/**
 * A route as a client calls it: method and path only, typed by its contract. The mini-program holds these instead
 * of the contracts, which would bring zod (and every schema) into the phone's bundle; `route<typeof c>(...)` fails
 * to compile when the method or path differs from the contract's.
 */
export interface RouteRef<C extends RouteContract> {
  method: C['method'];
  path: C['path'];
  /** Type only: never set. */
  readonly contract?: C;
}

/** Of a contract, or of a RouteRef to one. */
type ContractOf<C> = C extends RouteContract ? C : C extends RouteRef<infer K> ? K : never;
export type ParamsOf<C> =
  ContractOf<C> extends RouteContract<infer P, z.ZodType, z.ZodType, z.ZodType> ? z.input<P> : never;
export type QueryOf<C> =
  ContractOf<C> extends RouteContract<z.ZodType, infer Q, z.ZodType, z.ZodType> ? z.input<Q> : never;
export type BodyOf<C> =
  ContractOf<C> extends RouteContract<z.ZodType, z.ZodType, infer B, z.ZodType> ? z.input<B> : never;
export type ResponseOf<C> =
  ContractOf<C> extends RouteContract<z.ZodType, z.ZodType, z.ZodType, infer R> ? z.output<R> : never;

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

export { buildPath } from '../paths';
