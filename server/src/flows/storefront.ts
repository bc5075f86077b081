import { createHash } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import { getProduct, listProducts } from '@mall/shared';
import { cacheBus } from '../platform/cache/invalidation-bus';
import type { ApiRouter } from '../platform/http/api-router';
import { getStorefrontProduct, listStorefrontProducts, storefrontVersion } from '../modules/catalog';
import { ladderVersion } from '../modules/loyalty';
import { activityTagsOf, activityTagsVersion, countActivityViews, withActivityTags } from './product-activities';
import {
  priceProductDetail,
  priceProductSummaries,
  priceRulesVersion,
  pricingContextOfRequest,
  type PricingContext,
  type PricingModuleDeps,
} from '../modules/pricing';

/** How long a browser or CDN may keep a guest answer without asking again (a spike of card opens costs little). */
const GUEST_MAX_AGE_S = 5;
/** A list answer is kept this long at most, even when nothing announced a change (a backstop). */
const LIST_ANSWER_TTL_MS = 10_000;
const MAX_LIST_ANSWERS = 1_000;

interface KeptAnswer {
  /** UTF-8 bytes, encoded once: a string body would be measured and encoded again on every answer. */
  body: Buffer;
  etag: string;
  versions: string;
  builtAt: number;
}

/**
 * Priced product lists by (level, channel, query). A list priced for a level is the same for every member at that
 * level and for guests at the lowest (pricing reads nothing else of the member), so it is built once and kept
 * while the cards, the price rules and the ladder stay as they were. Only guest answers are marked shareable.
 */
const listAnswers = new Map<string, KeptAnswer>();

/** Everything a list answer is built from: while this stays the same, so does the answer. */
const sourceVersions = () =>
  `${storefrontVersion()}.${priceRulesVersion()}.${ladderVersion()}.${activityTagsVersion()}`;

const etagOf = (body: Buffer) => `"${createHash('sha1').update(body).digest('base64url')}"`;

const isGuest = (ctx: Context) => !ctx.get('authorization');

/**
 * Shared caches may keep a guest's answer; a member's answer is priced for that member and never shared
 * (Vary: Authorization keeps a cached guest answer from reaching a member, and the other way round).
 */
function answer(ctx: Context, body: Buffer, etag: string) {
  ctx.vary(['Authorization', 'X-Channel']);
  ctx.set('Cache-Control', isGuest(ctx) ? `public, max-age=${GUEST_MAX_AGE_S}` : 'private, no-store');
  ctx.set('ETag', etag);
  ctx.status = 200;
  if (ctx.fresh) {
    ctx.status = 304; // the caller holds this answer already (If-None-Match)
    return;
  }
  ctx.type = 'application/json; charset=utf-8';
  ctx.body = body;
}

/** Who the answer is priced for, once per request: the handler and the answer cache both read it. */
function pricedForCaller(deps: PricingModuleDeps): Middleware {
  return async (ctx, next) => {
    ctx.state.pricing = await pricingContextOfRequest(deps, ctx);
    await next();
  };
}

const pricingOf = (ctx: Context) => ctx.state.pricing as PricingContext;

/**
 * Product pages carry live stock, so they are built per request; but requests for the same page at the same level
 * that arrive while one is being built share that build (a flash sale opens one page thousands of times a second).
 * Every answer's stock is then at most one read old, as with no sharing at all under a queue of requests.
 */
const pageBuilds = new Map<string, Promise<{ body: Buffer; etag: string } | null>>();

function sharedPageBuilds(): Middleware {
  return async (ctx, next) => {
    const pc = pricingOf(ctx);
    const key = `${pc.level.code}|${pc.channel}|${ctx.path}`;
    const building = pageBuilds.get(key);
    const shared = building && (await building);
    if (shared) return answer(ctx, shared.body, shared.etag);
    let settle!: (built: { body: Buffer; etag: string } | null) => void;
    const mine = new Promise<{ body: Buffer; etag: string } | null>((resolve) => (settle = resolve));
    if (!building) pageBuilds.set(key, mine);
    try {
      await next();
      if (ctx.status !== 200) return settle(null); // errors are not shared: each caller gets its own
      const body = Buffer.from(JSON.stringify(ctx.body));
      const built = { body, etag: etagOf(body) };
      settle(built);
      answer(ctx, built.body, built.etag);
    } finally {
      settle(null);
      if (pageBuilds.get(key) === mine) pageBuilds.delete(key);
    }
  };
}

/** Answers a list from memory when an answer for this level, channel and query is current. */
function keptListAnswers(): Middleware {
  return async (ctx, next) => {
    const pc = pricingOf(ctx);
    const key = `${pc.level.code}|${pc.channel}|${ctx.querystring}`;
    const versions = sourceVersions();
    const kept = listAnswers.get(key);
    if (kept && kept.versions === versions && Date.now() - kept.builtAt < LIST_ANSWER_TTL_MS) {
      return answer(ctx, kept.body, kept.etag);
    }
    await next();
    if (ctx.status !== 200) return;
    const body = Buffer.from(JSON.stringify(ctx.body));
    const etag = etagOf(body);
    // built from sources that changed meanwhile: answer it, but do not keep it
    if (cacheBus.isLive && sourceVersions() === versions) {
      listAnswers.delete(key);
      listAnswers.set(key, { body, etag, versions, builtAt: Date.now() });
      if (listAnswers.size > MAX_LIST_ANSWERS) listAnswers.delete(listAnswers.keys().next().value!);
    }
    answer(ctx, body, etag);
  };
}

/**
 * The priced storefront: the catalog gives products at base prices (with stock from inventory), pricing
 * prices them for the caller (their level when a member token comes along, their channel from x-channel).
 * A product page carries live stock, so it is priced on each request (from cached pages, rules and levels).
 */
export function registerStorefrontRoutes(api: ApiRouter, deps: PricingModuleDeps) {
  api.add(
    listProducts,
    async ({ query, ctx }) => {
      const { items, total } = await listStorefrontProducts(query);
      return {
        items: await withActivityTags(await priceProductSummaries(pricingOf(ctx), items)),
        total,
        page: query.page,
        pageSize: query.pageSize,
      };
    },
    [pricedForCaller(deps), keptListAnswers()],
  );
  api.add(
    getProduct,
    async ({ params, ctx }) => {
      const page = await priceProductDetail(pricingOf(ctx), await getStorefrontProduct(params.id));
      return { ...page, activities: await activityTagsOf(page) };
    },
    [pricedForCaller(deps), countActivityViews(deps), sharedPageBuilds()],
  );
}
