import { createHash } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import { getProduct, listProducts } from '@mall/shared';
import { cacheBus } from '../platform/cache/invalidation-bus';
import type { ApiRouter } from '../platform/http/api-router';
import { getStorefrontProduct, listStorefrontProducts, storefrontVersion } from '../modules/catalog';
import { ladderVersion } from '../modules/loyalty';
import {
  priceProductDetail,
  priceProductSummaries,
  priceRulesVersion,
  type PricingModuleDeps,
} from '../modules/pricing';

/** How long a browser or CDN may keep a guest answer without asking again (a spike of card opens costs little). */
const GUEST_MAX_AGE_S = 5;
/** A guest list answer is kept this long at most, even when nothing announced a change (a backstop). */
const GUEST_ANSWER_TTL_MS = 10_000;
const MAX_GUEST_ANSWERS = 500;

interface GuestAnswer {
  body: string;
  etag: string;
  versions: string;
  builtAt: number;
}

const guestLists = new Map<string, GuestAnswer>();

/** Everything a guest list answer is built from: while this stays the same, so does the answer. */
const sourceVersions = () => `${storefrontVersion()}.${priceRulesVersion()}.${ladderVersion()}`;

const etagOf = (body: string) => `"${createHash('sha1').update(body).digest('base64url')}"`;

/**
 * Shared caches may keep a guest's answer; a member's answer is priced for that member and never shared
 * (Vary: Authorization keeps a cached guest answer from reaching a member, and the other way round).
 */
function markShareable(ctx: Context, shareable: boolean) {
  ctx.vary('Authorization');
  ctx.vary('X-Channel');
  ctx.set('Cache-Control', shareable ? `public, max-age=${GUEST_MAX_AGE_S}` : 'private, no-store');
}

/** Answers a serialized guest body, or 304 when the caller already holds it (If-None-Match). */
function answerGuest(ctx: Context, body: string, etag: string) {
  markShareable(ctx, true);
  ctx.set('ETag', etag);
  ctx.status = 200;
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.type = 'application/json; charset=utf-8';
  ctx.body = body;
}

const isGuest = (ctx: Context) => !ctx.get('authorization');

/**
 * Guest product lists are answered from memory: built once per query and channel, and kept while the cards,
 * the price rules and the ladder stay as they were. A member's list is priced for them on every request (from
 * the process's cached cards, rules and levels).
 */
function guestListCache(): Middleware {
  return async (ctx, next) => {
    if (!isGuest(ctx)) {
      markShareable(ctx, false);
      return next();
    }
    const key = `${ctx.get('x-channel')}?${ctx.querystring}`;
    const versions = sourceVersions();
    const kept = guestLists.get(key);
    if (kept && kept.versions === versions && Date.now() - kept.builtAt < GUEST_ANSWER_TTL_MS) {
      return answerGuest(ctx, kept.body, kept.etag);
    }
    await next();
    if (ctx.status !== 200) return;
    const body = JSON.stringify(ctx.body);
    const etag = etagOf(body);
    // built from sources that changed meanwhile: answer it, but do not keep it
    if (cacheBus.isLive && sourceVersions() === versions) {
      guestLists.delete(key);
      guestLists.set(key, { body, etag, versions, builtAt: Date.now() });
      if (guestLists.size > MAX_GUEST_ANSWERS) guestLists.delete(guestLists.keys().next().value!);
    }
    answerGuest(ctx, body, etag);
  };
}

/** A guest product page carries live stock, so it is built each time, but still answers 304 to a matching ETag. */
function guestPageEtag(): Middleware {
  return async (ctx, next) => {
    if (!isGuest(ctx)) {
      markShareable(ctx, false);
      return next();
    }
    await next();
    if (ctx.status !== 200) return;
    const body = JSON.stringify(ctx.body);
    answerGuest(ctx, body, etagOf(body));
  };
}

/**
 * The priced storefront: the catalog gives products at base prices (with stock from inventory), pricing
 * prices them for the caller (their level when a member token comes along, their channel from x-channel).
 */
export function registerStorefrontRoutes(api: ApiRouter, deps: PricingModuleDeps) {
  api.add(
    listProducts,
    async ({ query, ctx }) => {
      const { items, total } = await listStorefrontProducts(query);
      return {
        items: await priceProductSummaries(deps, ctx, items),
        total,
        page: query.page,
        pageSize: query.pageSize,
      };
    },
    [guestListCache()],
  );
  api.add(getProduct, async ({ params, ctx }) => priceProductDetail(deps, ctx, await getStorefrontProduct(params.id)), [
    guestPageEtag(),
  ]);
}
