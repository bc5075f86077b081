import { hash } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import { getProduct, listProducts } from '@mall/shared';
import { cacheBus } from '../platform/cache/invalidation-bus';
import type { ApiRouter } from '../platform/http/api-router';
import { getStorefrontProduct, listStorefrontProducts, storefrontVersion } from '../modules/catalog';
import { STOCK_TOPIC } from '../modules/inventory';
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
/**
 * A product page answer is kept this long at most. Its stock is dropped at once when any of its SKUs' stock
 * changes (STOCK_TOPIC, after the commit, in every api process); this bounds what a lost message could leave.
 */
const PAGE_ANSWER_TTL_MS = 2_000;
const MAX_PAGE_ANSWERS = 5_000;

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

const etagOf = (body: Buffer) => `"${hash('sha1', body, 'base64url')}"`;

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
 * Priced product pages by (level, channel, path), with their SKU ids. A page carries live stock, so a kept page is
 * dropped when any of its SKUs' stock changes (inventory announces it after each commit); the catalog, the price
 * rules and the ladder are checked by version, as for lists. Requests for a page that arrive while it is being
 * built share that build (a flash sale opens one page thousands of times a second).
 */
const pageAnswers = new Map<string, KeptAnswer & { skuIds: number[] }>();
const pageBuilds = new Map<string, Promise<{ body: Buffer; etag: string } | null>>();
/** Counts stock announcements; a page built while one of its SKUs changed is answered but not kept. */
let stockChanges = 0;
const skuChangedAt = new Map<number, number>();

cacheBus.on(STOCK_TOPIC, (ids) => {
  stockChanges += 1;
  if (!ids) {
    pageAnswers.clear();
    skuChangedAt.clear();
    return;
  }
  const changed = new Set(ids.map(Number));
  for (const id of changed) skuChangedAt.set(id, stockChanges);
  if (skuChangedAt.size > 50_000) skuChangedAt.clear(); // then nothing is kept until pages are built anew
  for (const [key, page] of pageAnswers) if (page.skuIds.some((id) => changed.has(id))) pageAnswers.delete(key);
});

const skusOf = (body: unknown): number[] => ((body as { skus?: { id: number }[] }).skus ?? []).map((s) => s.id);

function keptPageAnswers(): Middleware {
  return async (ctx, next) => {
    const pc = pricingOf(ctx);
    const key = `${pc.level.code}|${pc.channel}|${ctx.path}`;
    const versions = sourceVersions();
    const kept = pageAnswers.get(key);
    if (kept && kept.versions === versions && Date.now() - kept.builtAt < PAGE_ANSWER_TTL_MS) {
      return answer(ctx, kept.body, kept.etag);
    }
    const building = pageBuilds.get(key);
    const shared = building && (await building);
    if (shared) return answer(ctx, shared.body, shared.etag);
    let settle!: (built: { body: Buffer; etag: string } | null) => void;
    const mine = new Promise<{ body: Buffer; etag: string } | null>((resolve) => (settle = resolve));
    if (!building) pageBuilds.set(key, mine);
    const changesBefore = stockChanges;
    try {
      await next();
      if (ctx.status !== 200) return settle(null); // errors are not shared: each caller gets its own
      const body = Buffer.from(JSON.stringify(ctx.body));
      const built = { body, etag: etagOf(body) };
      settle(built);
      const skuIds = skusOf(ctx.body);
      const stockMoved = skuIds.some((id) => (skuChangedAt.get(id) ?? 0) > changesBefore);
      if (cacheBus.isLive && !stockMoved && sourceVersions() === versions) {
        pageAnswers.delete(key);
        pageAnswers.set(key, { ...built, versions, builtAt: Date.now(), skuIds });
        if (pageAnswers.size > MAX_PAGE_ANSWERS) pageAnswers.delete(pageAnswers.keys().next().value!);
      }
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
 * Both answers are kept per level and channel while what they were built from stays the same; a product page also
 * while its SKUs' stock stays the same.
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
    [pricedForCaller(deps), countActivityViews(deps), keptPageAnswers()],
  );
}
