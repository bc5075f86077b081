import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { createTokenService } from './auth';

const SECRET = 'a-test-secret-of-enough-length-0123456789';
const tokens = createTokenService(SECRET);

test('our tokens are standard HS256 JWTs: a standard verifier accepts them with our audience and issuer', () => {
  const member = tokens.issueMemberToken({ memberId: 42, openid: 'o-42' });
  const claims = jwt.verify(member, SECRET, { algorithms: ['HS256'], audience: 'mall:member', issuer: 'mall' });
  expect(claims).toMatchObject({ sub: '42', openid: 'o-42', aud: 'mall:member', iss: 'mall' });
  const { iat, exp } = claims as { iat: number; exp: number };
  expect(exp - iat).toBe(7 * 86_400);
  expect(Math.abs(iat - Date.now() / 1000)).toBeLessThan(5);

  const admin = tokens.issueAdminToken({ adminId: 7, username: 'root', role: 'owner' });
  const adminClaims = jwt.verify(admin, SECRET, { algorithms: ['HS256'], audience: 'mall:admin', issuer: 'mall' });
  expect(adminClaims).toMatchObject({ sub: '7', username: 'root', role: 'owner' });
  expect((adminClaims as { exp: number; iat: number }).exp - (adminClaims as { iat: number }).iat).toBe(12 * 3_600);
});

test('each token opens only its own audience, and round-trips its principal', () => {
  const member = tokens.issueMemberToken({ memberId: 5, openid: 'o-5' });
  const admin = tokens.issueAdminToken({ adminId: 3, username: 'ops', role: 'operations' });
  expect(tokens.verifyMember(member)).toEqual({ memberId: 5, openid: 'o-5' });
  expect(tokens.verifyAdmin(admin)).toEqual({ adminId: 3, username: 'ops', role: 'operations' });
  expect(() => tokens.verifyAdmin(member)).toThrow(/invalid or expired/);
  expect(() => tokens.verifyMember(admin)).toThrow(/invalid or expired/);
});

test('a token signed with another key, altered, expired or under another algorithm is refused', () => {
  const other = createTokenService('another-secret-of-enough-length-98765432');
  expect(() => tokens.verifyMember(other.issueMemberToken({ memberId: 1, openid: 'x' }))).toThrow();

  const good = tokens.issueMemberToken({ memberId: 9, openid: 'o-9' });
  const [header, body, signature] = good.split('.');
  const forged = JSON.parse(Buffer.from(body, 'base64url').toString());
  forged.sub = '10';
  expect(() =>
    tokens.verifyMember(`${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`),
  ).toThrow();

  const expired = jwt.sign({ openid: 'o-9' }, SECRET, {
    algorithm: 'HS256',
    audience: 'mall:member',
    issuer: 'mall',
    subject: '9',
    expiresIn: -10,
  });
  expect(() => tokens.verifyMember(expired)).toThrow();

  // the same claims under a header naming another algorithm (even with a valid HMAC over it) are not ours
  const hs512Header = Buffer.from(JSON.stringify({ alg: 'HS512', typ: 'JWT' })).toString('base64url');
  const input = `${hs512Header}.${body}`;
  const mac = createHmac('sha256', SECRET).update(input).digest('base64url');
  expect(() => tokens.verifyMember(`${input}.${mac}`)).toThrow();
});
