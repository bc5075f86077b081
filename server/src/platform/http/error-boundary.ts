import type { Middleware } from 'koa';
import { IllegalTransitionError } from '@mall/shared';
// the one place that knows the integrations' error types: a module that does not handle them still answers 502
import { WechatApiError } from '../../integrations/wechat';
import { WechatPayApiError } from '../../integrations/wechatpay';
import { DomainError } from '../errors';
import { invalidJson } from './json-body';
import type { Logger } from '../logger';

/**
 * The one place where errors become HTTP answers: { error: { code, message, field? } }.
 * Typed errors keep their code and status; anything else is a 500 whose details stay in the log.
 */
export function errorBoundary(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new DomainError('ROUTE_NOT_FOUND', `No route for ${ctx.method} ${ctx.path}`, 404);
      }
    } catch (raw) {
      const answer = errorAnswer(raw, ctx.state.requestId);
      ctx.status = answer.status;
      ctx.body = answer.body;
      logRefusal(logger, { requestId: ctx.state.requestId, method: ctx.method, path: ctx.path }, answer, raw);
    } finally {
      logRequest(logger, ctx.state.requestId, ctx.method, ctx.path, ctx.status, started);
    }
  };
}

export interface ErrorAnswer {
  status: number;
  body: { error: { code: string; message: string; requestId: string; field?: string } };
}

/** What a request that failed with `raw` is answered (also the gated routes': platform/http/lean-route.ts). */
export function errorAnswer(raw: unknown, requestId: string): ErrorAnswer {
  const error = normalize(raw);
  const known = error instanceof DomainError;
  return {
    status: known ? error.status : 500,
    body: {
      error: {
        code: known ? error.code : 'INTERNAL',
        message: known ? error.message : 'Something went wrong on our side; it has been logged',
        ...(known && error.field ? { field: error.field } : {}),
        ...(known && error.details ? error.details : {}),
        requestId,
      },
    },
  };
}

/** A refusal is logged at info, a failure (5xx) at error with the raw error (the upstream's own code). */
export function logRefusal(
  logger: Logger,
  request: { requestId: string; method: string; path: string },
  answer: ErrorAnswer,
  raw: unknown,
): void {
  const log = { ...request, status: answer.status, code: answer.body.error.code };
  if (answer.status >= 500) logger.error({ ...log, err: raw }, 'request failed');
  else logger.info(log, 'request refused');
}

/** Every request's debug line, with its time since `started` (process.hrtime.bigint()). */
export function logRequest(
  logger: Logger,
  requestId: string,
  method: string,
  path: string,
  status: number,
  started: bigint,
): void {
  if (!logger.isLevelEnabled('debug')) return;
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  logger.debug({ requestId, method, path, status, ms }, 'request');
}

function normalize(raw: unknown): unknown {
  if (raw instanceof DomainError) return raw;
  if (raw instanceof IllegalTransitionError) {
    return new DomainError('ILLEGAL_TRANSITION', raw.message, 409);
  }
  // an outside service failed or refused: not our 500, and the member may try again; details stay in the log
  if (raw instanceof WechatPayApiError) {
    return new DomainError('WECHATPAY_UNAVAILABLE', 'WeChat Pay did not answer as expected; try again shortly', 502);
  }
  if (raw instanceof WechatApiError) {
    return new DomainError('WECHAT_UNAVAILABLE', 'WeChat did not answer as expected; try again shortly', 502);
  }
  // body parser and other http-errors: keep their 4xx status with a stable code
  if (
    raw instanceof Error &&
    'status' in raw &&
    typeof raw.status === 'number' &&
    raw.status >= 400 &&
    raw.status < 500
  ) {
    const type = 'type' in raw ? String(raw.type) : '';
    if (type === 'entity.parse.failed' || raw instanceof SyntaxError) return invalidJson();
    return new DomainError(type === 'entity.too.large' ? 'BODY_TOO_LARGE' : 'BAD_REQUEST', raw.message, raw.status);
  }
  return raw;
}
