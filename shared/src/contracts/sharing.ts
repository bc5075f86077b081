import { z } from 'zod';
import { access, defineRoute, Fen, Id } from './route';

/** How a member shared: a chat share card, a poster image, a copied H5 link or a mini-program code. */
export const SHARE_CHANNELS = ['card', 'poster', 'link', 'wxacode'] as const;

export type ShareChannel = (typeof SHARE_CHANNELS)[number];

/** A member's invite code, or a share id: what travels in links and in the 32-character wxacode scene. */
export const InviteCode = z.string().regex(/^[A-Za-z0-9]{4,16}$/, 'must be 4-16 letters or digits');

/**
 * The query of a campaign page opened from a distributor's share (`?inviter=CODE`): the page's views count for
 * them. A code no member holds counts as unattributed; the page answers the same either way.
 */
export const ViewerQuery = z.object({ inviter: InviteCode.optional() });

export const ShareId = z.string().regex(/^[a-z0-9]{6,10}$/, 'must be 6-10 lowercase letters or digits');

/** Pages a share may point at: the home page or a product page (mini-program page paths, no leading slash). */
export const SharePage = z.string().regex(/^pages\/(index|product)\/index$/, 'must be the home or a product page');

export const ShareView = z.object({
  shareId: z.string(),
  inviterCode: z.string(),
  channel: z.enum(SHARE_CHANNELS),
  /** Mini-program path for onShareAppMessage: /pages/index/index?inviter=CODE&share=ID */
  path: z.string(),
  /** The H5 link that carries the same codes. */
  h5Url: z.string(),
  /** wxacode.getUnlimited scene (at most 32 characters): i=CODE&s=ID */
  scene: z.string().max(32),
  /** Share card title, checked against forbidden words. */
  title: z.string(),
});

export type ShareView = z.infer<typeof ShareView>;

export const recordShare = defineRoute({
  method: 'POST',
  path: '/api/sharing/shares',
  summary: 'Record that I share a page (card, poster, link or mini-program code); returns the codes to share',
  tags: ['sharing'],
  access: access.member,
  body: z
    .object({
      channel: z.enum(SHARE_CHANNELS),
      page: SharePage.default('pages/index/index'),
      productId: Id.optional(),
    })
    .refine((b) => b.page !== 'pages/product/index' || b.productId !== undefined, {
      message: 'a product page needs its productId',
      path: ['productId'],
    }),
  response: ShareView,
  status: 201,
});

export const recordOpen = defineRoute({
  method: 'POST',
  path: '/api/sharing/opens',
  summary: 'A share link or card was opened (called by the mini-program at launch; counted once a day per visitor)',
  tags: ['sharing'],
  access: access.public,
  body: z.object({
    inviterCode: InviteCode,
    shareId: ShareId.optional(),
    /** Anonymous id the client keeps in its storage; never a member id. */
    visitorId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, _ or -'),
  }),
  response: z.object({ counted: z.boolean() }),
});

export const getShareWxacode = defineRoute({
  method: 'GET',
  path: '/api/sharing/shares/:shareId/wxacode',
  summary: 'The mini-program code (PNG) of one of my shares',
  tags: ['sharing'],
  access: access.member,
  params: z.object({ shareId: ShareId }),
});

export const getSharePoster = defineRoute({
  method: 'GET',
  path: '/api/sharing/shares/:shareId/poster',
  summary: 'A poster (PNG) with the QR code of one of my shares',
  tags: ['sharing'],
  access: access.member,
  params: z.object({ shareId: ShareId }),
});

export const SharingTotals = z.object({
  shares: z.number().int(),
  opens: z.number().int(),
  newMembers: z.number().int(),
  paidOrders: z.number().int(),
  paidFen: Fen,
  refundedOrders: z.number().int(),
  refundedFen: Fen,
});

export type SharingTotals = z.infer<typeof SharingTotals>;

export const SharingDay = SharingTotals.extend({ day: z.string() });

export type SharingDay = z.infer<typeof SharingDay>;

export const getMySharingStats = defineRoute({
  method: 'GET',
  path: '/api/sharing/stats',
  summary: 'My sharing figures: today, 7 and 30 days, and by day (informational: no cash per recruit)',
  tags: ['sharing'],
  access: access.member,
  response: z.object({
    today: SharingTotals,
    last7Days: SharingTotals,
    last30Days: SharingTotals,
    byDay: z.array(SharingDay),
  }),
});
