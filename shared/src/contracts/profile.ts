import { z } from 'zod';
import { ShippingAddress } from './orders';
import { access, defineRoute, Id } from './route';

/** 18 characters; the checksum is verified by the server (400 INVALID_ID_NUMBER). */
export const IdNumberInput = z
  .string()
  .trim()
  .regex(/^\d{17}[\dXx]$/, 'an ID number of 18 characters');

/** How many members I brought: directly, and below them (counts only; no money rides on them). */
export const TeamCounts = z.object({
  directCount: z.number().int(),
  indirectCount: z.number().int(),
  teamCount: z.number().int(),
});

export const ProfileView = z.object({
  id: z.number().int(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  inviteCode: z.string(),
  levelCode: z.string(),
  levelName: z.string(),
  realName: z.string().nullable(),
  /** 138****8000: the full number is never sent back. */
  phoneMasked: z.string().nullable(),
  /** 110***********1234: only an admin with members:reveal sees it in clear. */
  idNumberMasked: z.string().nullable(),
  joinedAt: z.string(),
  referrer: z.object({ id: z.number().int(), nickname: z.string() }).nullable(),
  team: TeamCounts,
});
export type ProfileView = z.infer<typeof ProfileView>;

export const UpdateProfileBody = z
  .object({
    nickname: z.string().trim().min(1).max(32).optional(),
    avatarUrl: z.url().max(500).optional(),
    realName: z.string().trim().min(1).max(40).optional(),
    idNumber: IdNumberInput.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'change at least one field');
export type UpdateProfileBody = z.input<typeof UpdateProfileBody>;

export const getMyProfile = defineRoute({
  method: 'GET',
  path: '/api/me/profile',
  summary: 'My profile, personal data masked',
  tags: ['profile'],
  access: access.member,
  response: ProfileView,
});

export const updateMyProfile = defineRoute({
  method: 'PUT',
  path: '/api/me/profile',
  summary: 'Change my nickname, avatar, real name or ID number',
  tags: ['profile'],
  access: access.member,
  body: UpdateProfileBody,
  response: ProfileView,
});

export const bindMyPhone = defineRoute({
  method: 'POST',
  path: '/api/me/phone',
  summary: 'Bind my phone from a getPhoneNumber code (one use, 5 minutes); 409 PHONE_TAKEN if another member has it',
  tags: ['profile'],
  access: access.member,
  body: z.object({ code: z.string().min(1).max(128) }),
  response: ProfileView,
});

export const uploadMyAvatar = defineRoute({
  method: 'POST',
  path: '/api/me/avatar',
  summary: 'Upload my avatar (multipart/form-data, field "file": PNG, JPEG or WebP, at most 1 MB)',
  tags: ['profile'],
  access: access.member,
  response: ProfileView,
});

export const ADDRESS_BOOK_MAX = 20;

export const AddressView = ShippingAddress.extend({ id: z.number().int(), isDefault: z.boolean() });
export type AddressView = z.infer<typeof AddressView>;

export const AddressBody = ShippingAddress.extend({ isDefault: z.boolean().optional() });
export type AddressBody = z.input<typeof AddressBody>;

const AddressParams = z.object({ addressId: Id });

export const listMyAddresses = defineRoute({
  method: 'GET',
  path: '/api/me/addresses',
  summary: 'My address book, the default first',
  tags: ['profile'],
  access: access.member,
  response: z.object({ items: z.array(AddressView), max: z.number().int() }),
});

export const createMyAddress = defineRoute({
  method: 'POST',
  path: '/api/me/addresses',
  summary: 'Add an address; the first one, or one marked isDefault, becomes the default',
  tags: ['profile'],
  access: access.member,
  body: AddressBody,
  response: AddressView,
  status: 201,
});

export const updateMyAddress = defineRoute({
  method: 'PUT',
  path: '/api/me/addresses/:addressId',
  summary: 'Change one of my addresses',
  tags: ['profile'],
  access: access.member,
  params: AddressParams,
  body: AddressBody,
  response: AddressView,
});

export const deleteMyAddress = defineRoute({
  method: 'DELETE',
  path: '/api/me/addresses/:addressId',
  summary: 'Delete one of my addresses; deleting the default makes the newest other one the default',
  tags: ['profile'],
  access: access.member,
  params: AddressParams,
});

export const setMyDefaultAddress = defineRoute({
  method: 'POST',
  path: '/api/me/addresses/:addressId/default',
  summary: 'Make this address my default (the previous default is unset in the same transaction)',
  tags: ['profile'],
  access: access.member,
  params: AddressParams,
  response: AddressView,
});

export const sandboxPhoneCode = defineRoute({
  method: 'POST',
  path: '/sandbox/wechat/phone-code',
  summary: 'Sandbox: issue a getPhoneNumber code for a phone, as the button would (one use, 5 minutes)',
  tags: ['sandbox'],
  access: access.sandbox,
  body: z.object({
    phone: z.string().regex(/^\d{5,15}$/),
    countryCode: z
      .string()
      .regex(/^\d{1,4}$/)
      .optional(),
    watermarkAppId: z.string().optional(),
    /** The member the code is made for; WeChat refuses it for anyone else. */
    openid: z.string().optional(),
  }),
  response: z.object({ code: z.string() }),
});
