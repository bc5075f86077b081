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
      const error = normalize(raw);
      const status = error instanceof DomainError ? error.status : 500;
      const known = error instanceof DomainError;
      ctx.status = status;
      ctx.body = {
        error: {
          code: known ? error.code : 'INTERNAL',
          message: known ? error.message : 'Something went wrong on our side; it has been logged',
          ...(known && error.field ? { field: error.field } : {}),
          ...(known && error.details ? error.details : {}),
          requestId: ctx.state.requestId,
        },
      };
      const log = {
        requestId: ctx.state.requestId,
        method: ctx.method,
        path: ctx.path,
        status,
        code: ctx.body.error.code,
      };
      if (status >= 500)
        logger.error({ ...log, err: raw }, 'request failed'); // raw: the upstream's own code
      else logger.info(log, 'request refused');
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.debug(
        { requestId: ctx.state.requestId, method: ctx.method, path: ctx.path, status: ctx.status, ms },
        'request',
      );
    }
  };
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
