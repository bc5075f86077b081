import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import compose from 'koa-compose';
import type { z } from 'zod';
import type { Access, RouteContract } from '@mall/shared';
import { DomainError } from '../errors';
import { auditMissing, runAdminWrite } from './audit-guard';
import type { AdminPrincipal } from './auth';
import { parseOrThrow } from './validate';

/** The validated value of one request part; undefined when the contract does not declare that part. */
type Part<S> = [S] extends [z.ZodNever] ? undefined : S extends z.ZodType ? z.output<S> : undefined;

/** What a handler receives: validated input, and who is calling. */
export type RouteInput<C> =
  C extends RouteContract<infer P, infer Q, infer B, z.ZodType>
    ? { params: Part<P>; query: Part<Q>; body: Part<B>; ctx: Context; requestId: string }
    : never;

export type RouteResult<C> =
  C extends RouteContract<z.ZodType, z.ZodType, z.ZodType, infer R>
    ? [R] extends [z.ZodNever]
      ? void
      : z.input<R>
    : never;

export interface AdminActor extends AdminPrincipal {
  requestId: string;
  ip: string;
  /**
   * Set by recordAudit. Without it, an admin write's transaction rolls back at commit (audit-guard.ts) and the
   * router answers 500 AUDIT_MISSING.
   */
  audited: boolean;
}

export interface AccessGuards {
  member: Middleware;
  admin: (permission: string) => Middleware;
  isKnownPermission: (permission: string) => boolean;
}

export interface DeclaredRoute {
  method: string;
  path: string;
  access: Access;
  contract?: RouteContract;
}

/**
 * Routes are registered from their shared contract: access guard, optional extra middleware (rate limits),
 * validation of params/query/body, the handler, and (outside production) a check that the answer matches
 * the declared response schema. Each registration is also recorded with its access rule, which the route walk
 * test and the OpenAPI document read.
 */
export class ApiRouter {
  readonly router = new Router();
  readonly declared: DeclaredRoute[] = [];
  private readonly mounted: { router: Router; access: Access }[] = [];
  private readonly mountedApps: DeclaredRoute[] = [];
  /** Routes without path parameters by `METHOD /exact/path`, their chain composed once (see routes()). */
  private readonly exactRoutes = new Map<string, FastRoute>();
  /** Routes with path parameters by `METHOD <segment count> /<first segment>/<second segment>`, in order of registration. */
  private readonly paramRoutes = new Map<string, FastRoute[]>();

  constructor(
    private readonly guards: AccessGuards,
    private readonly options: { checkResponses: boolean },
  ) {}

  add<C extends RouteContract>(
    contract: C,
    handler: (input: RouteInput<C>) => Promise<RouteResult<C>>,
    extra: Middleware[] = [],
  ): this {
    if (contract.access.kind === 'admin' && !this.guards.isKnownPermission(contract.access.permission)) {
      throw new Error(`${contract.method} ${contract.path}: unknown permission "${contract.access.permission}"`);
    }
    const isAdminWrite = contract.access.kind === 'admin' && contract.method !== 'GET';
    const run: Middleware = async (ctx) => {
      const input = {
        params: contract.params ? parseOrThrow(contract.params, ctx.params, 'params') : undefined,
        query: contract.query ? parseOrThrow(contract.query, ctx.query, 'query') : undefined,
        body: contract.body ? parseOrThrow(contract.body, ctx.request.body ?? {}, 'body') : undefined,
        ctx,
        requestId: ctx.state.requestId as string,
      } as RouteInput<C>;
      if (isAdminWrite) {
        ctx.state.actor = {
          ...ctx.state.admin,
          requestId: input.requestId,
          ip: ctx.ip,
          audited: false,
        } satisfies AdminActor;
      }
      // admin writes run under the audit guard: a transaction that would commit unaudited rolls back instead
      const what = `${contract.method} ${contract.path}`;
      const result = isAdminWrite
        ? await runAdminWrite(ctx.state.actor as AdminActor, what, () => handler(input))
        : await handler(input);
      if (isAdminWrite && !(ctx.state.actor as AdminActor).audited) throw auditMissing(what);
      if (contract.response) {
        ctx.status = (ctx.state.status as number | undefined) ?? contract.status ?? 200;
        ctx.body = this.options.checkResponses ? checkResponse(contract, result) : result;
      } else if (ctx.body === undefined) {
        ctx.status = contract.status ?? 204; // a handler without a response schema may answer for itself
      }
    };
    const chain = [...this.guardFor(contract.access), ...extra, run];
    this.router.register(contract.path, [contract.method], chain);
    const fast = fastRouteOf(contract.method, contract.path, compose(chain), this.declared.length);
    if (!fast.params.length) this.exactRoutes.set(`${contract.method} ${contract.path}`, fast);
    else if (fast.bucket) {
      const bucket = this.paramRoutes.get(fast.bucket) ?? [];
      bucket.push(fast);
      this.paramRoutes.set(fast.bucket, bucket);
    }
    this.declared.push({ method: contract.method, path: contract.path, access: contract.access, contract });
    return this;
  }

  /**
   * The router as Koa middleware. A request spelled exactly as a route declares it goes straight to that route's
   * chain, composed once at registration: koa-router would test every route's pattern (some 500) and compose the
   * matched chain again on each request. A path without parameters (GET /api/products, the cart, the quote) is one
   * Map lookup; a path with parameters (a product's page, the flash grab) is looked up by its method, segment
   * count and first two segments, then matched segment by segment against the few routes of that bucket, in
   * order of registration, as koa-router picks the first route registered. Anything else (a trailing slash, other
   * case, HEAD, mounted sandbox routers) is koa-router's. Both give the same outcome: a route whose path another
   * route registered earlier would also match is left to koa-router, and a route's chain never passes a request
   * on to later routes.
   */
  routes(): Middleware {
    const routed = this.router.routes() as Middleware;
    const paramRoutes = [...this.paramRoutes.values()].flat();
    for (const [key, exact] of this.exactRoutes) {
      const shadowed = paramRoutes.some(
        (r) => r.order < exact.order && r.method === exact.method && r.match(exact.path),
      );
      if (shadowed) this.exactRoutes.delete(key);
    }
    return (ctx, next) => {
      const path = ctx.path;
      const exact = this.exactRoutes.get(`${ctx.method} ${path}`);
      if (exact) {
        ctx.params = {};
        (ctx as { _matchedRoute?: string })._matchedRoute = exact.path;
        return exact.chain(ctx, next);
      }
      const segments = path.split('/');
      const bucket = this.paramRoutes.get(`${ctx.method} ${segments.length} /${segments[1]}/${segments[2]}`);
      if (bucket) {
        for (const route of bucket) {
          const params = route.matchSegments(segments);
          if (!params) continue;
          ctx.params = params;
          (ctx as { _matchedRoute?: string })._matchedRoute = route.path;
          return route.chain(ctx, next);
        }
      }
      return routed(ctx, next);
    };
  }

  /** Mount a plain router (platform sandboxes) under one declared access rule for all its routes. */
  mount(router: Router, access: Access): this {
    this.mounted.push({ router, access });
    this.router.use(router.routes(), router.allowedMethods());
    return this;
  }

  /** A whole app mounted outside the router (Bull Board), declared with one access rule. */
  declareMountedApp(pathPrefix: string, access: Access): this {
    this.mountedApps.push({ method: 'GET', path: pathPrefix, access });
    return this;
  }

  /** Every registered route with its access rule, including mounted routers' layers. */
  allRoutes(): DeclaredRoute[] {
    const fromMounts = this.mounted.flatMap(({ router, access }) =>
      router.stack.flatMap((layer) =>
        layer.methods.filter((m) => m !== 'HEAD').map((method) => ({ method, path: String(layer.path), access })),
      ),
    );
    return [...this.declared, ...fromMounts, ...this.mountedApps];
  }

  /** Every layer Koa will actually dispatch to, as (method, path): what the route walk compares against. */
  registeredLayers(): { method: string; path: string }[] {
    const layers = [this.router, ...this.mounted.map((m) => m.router)].flatMap((r) =>
      r.stack.flatMap((layer) =>
        layer.methods.filter((m) => m !== 'HEAD').map((method) => ({ method, path: String(layer.path) })),
      ),
    );
    const seen = new Set<string>();
    return layers.filter((l) => {
      const key = `${l.method} ${l.path}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  private guardFor(access: Access): Middleware[] {
    switch (access.kind) {
      case 'member':
        return [this.guards.member];
      case 'admin':
        return [this.guards.admin(access.permission)];
      case 'public':
      case 'platform':
      case 'sandbox':
        return [];
    }
  }
}

interface FastRoute {
  method: string;
  path: string;
  chain: Middleware;
  /** Registration order: koa-router answers with the first route registered that matches. */
  order: number;
  params: string[];
  /** Where routes with parameters are kept; null when a parameter is among the first two segments (koa-router's). */
  bucket: string | null;
  /** The decoded parameters when the split request path matches, else null. */
  matchSegments(segments: string[]): Record<string, string> | null;
  match(path: string): boolean;
}

/** Decodes a parameter as koa-router does: the raw text when it is not valid percent-encoding. */
function decodeParam(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * A declared path (`/api/flash/items/:itemId/grab`) as a segment matcher: a static segment must be equal, a
 * parameter segment any non-empty text (it holds no slash, being a segment), as path-to-regexp's `[^/]+`; the
 * values are URI-decoded. Also the gated routes' matcher (lean-route.ts).
 */
export function pathMatcher(path: string) {
  const declared = path.split('/');
  const params: string[] = [];
  const slots = declared.map((segment) => {
    if (!segment.startsWith(':')) return null;
    params.push(segment.slice(1));
    return segment.slice(1);
  });
  const matchSegments = (segments: string[]): Record<string, string> | null => {
    if (segments.length !== declared.length) return null;
    const values: Record<string, string> = {};
    for (let i = 0; i < declared.length; i++) {
      const slot = slots[i];
      const segment = segments[i]!;
      if (slot === null) {
        if (segment !== declared[i]) return null;
      } else if (segment === '') return null;
      else values[slot] = decodeParam(segment);
    }
    return values;
  };
  return { declared, params, slots, matchSegments };
}

function fastRouteOf(method: string, path: string, chain: Middleware, order: number): FastRoute {
  const { declared, params, slots, matchSegments } = pathMatcher(path);
  const simple = params.every((p) => /^\w+$/.test(p));
  const bucketable = simple && slots[1] === null && slots[2] === null && declared[0] === '';
  return {
    method,
    path,
    chain,
    order,
    params,
    bucket: bucketable ? `${method} ${declared.length} /${declared[1]}/${declared[2]}` : null,
    matchSegments,
    match: (candidate) => matchSegments(candidate.split('/')) !== null,
  };
}

/** The answer checked against the route's response schema (outside production): 500 when it breaks it. */
export function checkResponse(contract: RouteContract, result: unknown): unknown {
  const parsed = contract.response!.safeParse(result);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DomainError(
      'RESPONSE_CONTRACT_BROKEN',
      `${contract.method} ${contract.path} answered outside its contract at ${issue.path.join('.')}: ${issue.message}`,
      500,
    );
  }
  return parsed.data;
}
