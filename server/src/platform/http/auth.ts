import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import { AuthError, ForbiddenError } from '../errors';
import { permissionsOf, roleHas } from './rbac';

/** Members and admins get tokens of different audiences: a member token never opens an admin route. */
const MEMBER_AUDIENCE = 'mall:member';
const ADMIN_AUDIENCE = 'mall:admin';
const ISSUER = 'mall';

export interface MemberPrincipal {
  memberId: number;
  openid: string;
}
export interface AdminPrincipal {
  adminId: number;
  username: string;
  role: string;
}

export interface TokenService {
  issueMemberToken(p: MemberPrincipal): string;
  issueAdminToken(p: AdminPrincipal): string;
  verifyMember(token: string): MemberPrincipal;
  verifyAdmin(token: string): AdminPrincipal;
}

const HS256_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** A token's claims: ours (sub, aud, iss, iat, exp) and the principal's fields. */
type Claims = Record<string, unknown> & { exp?: unknown; nbf?: unknown; aud?: unknown; iss?: unknown; sub?: unknown };

const TTL_S = { '7d': 7 * 86_400, '12h': 12 * 3_600 } as const;

/**
 * An HS256 JWT (RFC 7519) with our header, the principal's fields and the registered claims. Written out like
 * the verification below: the only other user of jsonwebtoken was this, and loading it (with the semver ranges it
 * evaluates at import) cost every boot more than signing ever does.
 */
function signToken(key: KeyObject, claims: Claims): string {
  const signingInput = `${HS256_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${signingInput}.${createHmac('sha256', key).update(signingInput).digest('base64url')}`;
}

/**
 * The claims when the token carries exactly our header (so no other algorithm is ever considered) and our HS256
 * signature, compared in constant time; whether they are still valid is stillValid's question. Verification
 * runs on every request, so it is written out: jsonwebtoken's verify, given the secret, first tries to parse it
 * as a PEM public key (a thrown and caught error each call), and checks far more than our own tokens carry.
 */
function signedClaims(key: KeyObject, token: string): Claims | null {
  const firstDot = token.indexOf('.');
  const secondDot = token.indexOf('.', firstDot + 1);
  if (firstDot < 0 || secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) return null;
  if (token.slice(0, firstDot) !== HS256_HEADER) return null;
  const expected = createHmac('sha256', key).update(token.slice(0, secondDot)).digest();
  const given = Buffer.from(token.slice(secondDot + 1), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let claims: Claims;
  try {
    claims = JSON.parse(Buffer.from(token.slice(firstDot + 1, secondDot), 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  return typeof claims === 'object' && claims !== null ? claims : null;
}

/** What can change for a signed token: time. The audience decides which routes it opens. */
function stillValid(claims: Claims | null, audience: string, nowS: number): Claims | null {
  if (!claims) return null;
  if (typeof claims.exp !== 'number' || nowS >= claims.exp) return null;
  if (typeof claims.nbf === 'number' && nowS < claims.nbf) return null;
  if (claims.aud !== audience || claims.iss !== ISSUER || typeof claims.sub !== 'string') return null;
  return claims;
}

/** Tokens whose signature was checked, by their exact text (the same text verifies the same way every time). */
const MAX_KEPT_SIGNATURES = 10_000;

export function createTokenService(secret: string, ttl = { member: '7d', admin: '12h' } as const): TokenService {
  const key = createSecretKey(Buffer.from(secret, 'utf8')); // prepared once, not per token
  const signed = new Map<string, Claims>();
  const sign = (payload: Claims, audience: string, subject: string, expiresIn: '7d' | '12h') => {
    const iat = Math.floor(Date.now() / 1000);
    return signToken(key, { ...payload, iat, exp: iat + TTL_S[expiresIn], aud: audience, iss: ISSUER, sub: subject });
  };
  const verify = (token: string, audience: string) => {
    let claims = signed.get(token) ?? null;
    if (!claims) {
      claims = signedClaims(key, token);
      if (claims) {
        signed.set(token, claims);
        if (signed.size > MAX_KEPT_SIGNATURES) signed.delete(signed.keys().next().value!);
      }
    }
    // expiry and audience are checked on every use: a kept signature never outlives its token
    const valid = stillValid(claims, audience, Math.floor(Date.now() / 1000));
    if (!valid) throw new AuthError('The token is invalid or expired; log in again', 'INVALID_TOKEN');
    return valid;
  };
  return {
    issueMemberToken: (p) => sign({ openid: p.openid }, MEMBER_AUDIENCE, String(p.memberId), ttl.member),
    issueAdminToken: (p) => sign({ username: p.username, role: p.role }, ADMIN_AUDIENCE, String(p.adminId), ttl.admin),
    verifyMember(token) {
      const claims = verify(token, MEMBER_AUDIENCE);
      return { memberId: Number(claims.sub), openid: String(claims.openid) };
    },
    verifyAdmin(token) {
      const claims = verify(token, ADMIN_AUDIENCE);
      return { adminId: Number(claims.sub), username: String(claims.username), role: String(claims.role) };
    },
  };
}

function bearer(ctx: Context, cookieName?: string): string | undefined {
  return bearerToken(ctx.get('authorization')) ?? (cookieName ? ctx.cookies.get(cookieName) : undefined);
}

/** The token of an `Authorization: Bearer <token>` header; undefined for any other header or none. */
export function bearerToken(header: string | undefined): string | undefined {
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

export function requireMember(tokens: TokenService): Middleware {
  return async (ctx, next) => {
    const token = bearer(ctx);
    if (!token) throw new AuthError();
    ctx.state.member = tokens.verifyMember(token);
    await next();
  };
}

/** Bull Board is opened in a browser tab, so admin routes also accept the token from the admin_token cookie. */
export const ADMIN_COOKIE = 'admin_token';

export function requireAdmin(
  tokens: TokenService,
  permission: string,
  isActive: (adminId: number) => Promise<boolean>,
): Middleware {
  return async (ctx, next) => {
    const token = bearer(ctx, ADMIN_COOKIE);
    if (!token) throw new AuthError('Admin login required');
    const admin = tokens.verifyAdmin(token);
    if (!(await isActive(admin.adminId))) throw new AuthError('This admin account is disabled', 'ADMIN_DISABLED');
    if (!roleHas(admin.role, permission)) throw new ForbiddenError(permission);
    ctx.state.admin = { ...admin, permissions: permissionsOf(admin.role) };
    await next();
  };
}
