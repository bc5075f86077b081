import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';

const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Every request carries an id: taken from X-Request-Id when it looks sane, made otherwise; echoed back. */
export function requestId(): Middleware {
  return (ctx, next) => {
    ctx.state.requestId = requestIdOf(ctx.get('x-request-id'));
    ctx.set('X-Request-Id', ctx.state.requestId);
    return next();
  };
}

/** The id of a request that sent `given` as its X-Request-Id (absent: undefined or ''). */
export function requestIdOf(given: string | undefined): string {
  return given !== undefined && SAFE_ID.test(given) ? given : randomUUID();
}
