import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString, type ParsedUrlQuery } from 'node:querystring';
import type { RouteContract } from '@mall/shared';
import type { PlatformDeps } from '../deps';
import { AuthError } from '../errors';
import type { RequestGate } from '../module';
import { checkResponse, pathMatcher, type RouteInput, type RouteResult } from './api-router';
import { bearerToken, type MemberPrincipal } from './auth';
import { errorAnswer, logRefusal, logRequest } from './error-boundary';
import { isPlainJsonBody, readJsonBody } from './json-body';
import { requestObserver } from './metrics';
import { requestIdOf } from './request-id';
import { parseOrThrow } from './validate';

/** What a gated route's handler receives: the validated input, the member, and the request's few facts. */
export type LeanInput<C> = Omit<RouteInput<C>, 'ctx'> & {
  member: MemberPrincipal;
  /** The client address, as Koa's `ctx.ip` gives it (X-Forwarded-For's first entry behind the production proxy). */
  ip: string;
  /** As a Koa context's: a rate-limit rule keys a gated request like a routed one. */
  state: { member: MemberPrincipal };
  /** A request header's value, '' when absent (Koa's `ctx.get`). */
  header(name: string): string;
  /** The query string's values (Koa's `ctx.query`). */
  rawQuery(): ParsedUrlQuery;
  /** Sets a header of the answer, kept on an error answer too (Koa's `ctx.set`). */
  set(name: string, value: string): void;
};

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * A member route served on the bare request, in front of Koa (a module's gate), for the one endpoint whose crowd
 * the framework's per-request cost would decide: the flash grab (issue 12). It does what the request chain does for
 * a routed member request, in the same order and with the same functions: the request id (X-Request-Id), the
 * plain JSON body (json-body.ts: limit, rules, answers), the member token, params / query / body validated against
 * the route's contract, the handler, the answer checked against the contract outside production, errors answered
 * and logged as the error boundary does, and the request recorded in the same duration histogram under the route's
 * pattern. What it leaves out is the framework itself: no context object, no middleware dispatch, no router.
 *
 * The route stays registered with the ApiRouter (the OpenAPI document, the route walk, and any request this gate
 * does not take: another spelling of the path or a body that is not plain JSON go on to Koa and the same handler).
 */
export function leanMemberRoute<C extends RouteContract>(
  deps: Pick<PlatformDeps, 'config' | 'tokens' | 'metrics' | 'logger'>,
  contract: C,
  handle: (input: LeanInput<C>) => Promise<RouteResult<C>>,
  options: { bodyLimitBytes: number },
): RequestGate {
  if (contract.access.kind !== 'member') throw new Error(`${contract.method} ${contract.path}: not a member route`);
  const { matchSegments } = pathMatcher(contract.path);
  const observe = requestObserver(deps.metrics);
  const trustProxy = deps.config.mode === 'production'; // as the Koa app (app.ts)
  const { checkResponses } = deps.config;
  const hasBody = contract.body !== undefined;

  async function serve(req: IncomingMessage, res: ServerResponse, path: string, search: string, params: object) {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(headerOf(req, 'x-request-id'));
    const headers: Record<string, string> = { 'X-Request-Id': requestId };
    let status: number;
    let text: string | undefined;
    try {
      // as the chain: the body is read before the token is looked at (json-body.ts runs before the route's guard)
      const parsed = hasBody ? (await readJsonBody(req, options.bodyLimitBytes)).parsed : undefined;
      const token = bearerToken(headerOf(req, 'authorization'));
      if (!token) throw new AuthError();
      const member = deps.tokens.verifyMember(token);
      let query: ParsedUrlQuery | undefined;
      const rawQuery = () => (query ??= parseQueryString(search));
      const input = {
        params: contract.params ? parseOrThrow(contract.params, params, 'params') : undefined,
        query: contract.query ? parseOrThrow(contract.query, rawQuery(), 'query') : undefined,
        body: contract.body ? parseOrThrow(contract.body, parsed ?? {}, 'body') : undefined,
        requestId,
        member,
        ip: clientIp(req, trustProxy),
        state: { member },
        header: (name: string) => headerOf(req, name),
        rawQuery,
        set: (name: string, value: string) => {
          headers[name] = value;
        },
      } as LeanInput<C>;
      const result = await handle(input);
      if (contract.response) {
        status = contract.status ?? 200;
        text = JSON.stringify(checkResponses ? checkResponse(contract, result) : result);
      } else status = contract.status ?? 204;
    } catch (raw) {
      const answer = errorAnswer(raw, requestId);
      status = answer.status;
      text = JSON.stringify(answer.body);
      logRefusal(deps.logger, { requestId, method: contract.method, path }, answer, raw);
    }
    if (text !== undefined) {
      headers['Content-Type'] = JSON_TYPE;
      headers['Content-Length'] = String(Buffer.byteLength(text));
    }
    res.writeHead(status, headers);
    res.end(text);
    observe(contract.method, contract.path, status, started);
    logRequest(deps.logger, requestId, contract.method, path, status, started);
  }

  return (req, res) => {
    if (req.method !== contract.method || (hasBody && !isPlainJsonBody(req))) return false;
    const url = req.url ?? '';
    const mark = url.indexOf('?');
    const path = mark < 0 ? url : url.slice(0, mark);
    const params = matchSegments(path.split('/'));
    if (!params) return false;
    serve(req, res, path, mark < 0 ? '' : url.slice(mark + 1), params).catch((error: unknown) => {
      // only writing the answer can fail here (a socket already gone)
      deps.logger.warn({ err: error, path }, 'gated route could not answer');
      if (!res.headersSent) res.destroy();
    });
    return true;
  };
}

function headerOf(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return typeof value === 'string' ? value : '';
}

/** Koa's `ctx.ip`: behind a trusted proxy the first X-Forwarded-For entry, else the socket's address. */
function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? headerOf(req, 'x-forwarded-for') : '';
  const first = forwarded ? forwarded.split(',', 1)[0]!.trim() : '';
  return first || req.socket.remoteAddress || '';
}
