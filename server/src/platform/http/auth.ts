import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
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

export function createTokenService(secret: string, ttl = { member: '7d', admin: '12h' } as const): TokenService {
  // prepared once: given the secret as a string, jsonwebtoken first tries to parse it as a PEM public key on
  // every verify (a thrown and caught error each time), then wraps it; a KeyObject goes straight to the HMAC
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const sign = (payload: object, audience: string, subject: string, expiresIn: '7d' | '12h') =>
    jwt.sign(payload, key, { algorithm: 'HS256', audience, issuer: ISSUER, subject, expiresIn });
  const verify = (token: string, audience: string) => {
    try {
      return jwt.verify(token, key, { algorithms: ['HS256'], audience, issuer: ISSUER }) as jwt.JwtPayload;
    } catch {
      throw new AuthError('The token is invalid or expired; log in again', 'INVALID_TOKEN');
    }
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
  const header = ctx.get('authorization');
  if (header.startsWith('Bearer ')) return header.slice(7).trim();
  return cookieName ? ctx.cookies.get(cookieName) : undefined;
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
