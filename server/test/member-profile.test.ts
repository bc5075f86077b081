import { PHONE_CODE_TTL_MS, wechatSandboxState } from '../src/integrations/wechat';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterEach(() => (wechatSandboxState.clockOffsetMs = 0));
afterAll(() => app.stop());

const ID_NUMBER = '11010519491231002X';
const ADDRESS = { receiverName: '张三', phone: '13800138000', region: '浙江省 杭州市 西湖区', detail: '文三路 1 号' };

async function phoneCode(phone: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await app.http('POST', '/sandbox/wechat/phone-code', { body: { phone, ...extra } });
  expect(res.status).toBe(200);
  return res.body.code as string;
}

describe('login', () => {
  test('a login code works once', async () => {
    const { body } = await app.http('POST', '/sandbox/wechat/js-code', { body: { openid: 'o-once' } });
    const first = await app.http('POST', '/api/auth/wechat-login', { body: { code: body.code } });
    expect(first.status).toBe(200);
    const replay = await app.http('POST', '/api/auth/wechat-login', { body: { code: body.code } });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('INVALID_LOGIN_CODE');
  });
});

describe('phone binding', () => {
  test('a phone code binds the phone once and the profile shows it masked', async () => {
    const { token } = await app.loginMember('o-phone-1');
    const code = await phoneCode('13912345678');
    const bound = await app.http('POST', '/api/me/phone', { token, body: { code } });
    expect(bound.status).toBe(200);
    expect(bound.body.phoneMasked).toBe('139****5678');
    expect(bound.text).not.toContain('13912345678');
    const replay = await app.http('POST', '/api/me/phone', { token, body: { code } });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toMatchObject({ code: 'INVALID_PHONE_CODE', field: 'code' });
  });

  test('a phone code expires after 5 minutes', async () => {
    const { token } = await app.loginMember('o-phone-2');
    const code = await phoneCode('13912345679');
    wechatSandboxState.clockOffsetMs = PHONE_CODE_TTL_MS;
    const late = await app.http('POST', '/api/me/phone', { token, body: { code } });
    expect(late.status).toBe(400);
    expect(late.body.error.code).toBe('INVALID_PHONE_CODE');
    const [row] = await app.query('SELECT COUNT(*) AS n FROM member_profiles WHERE phone = ?', ['13912345679']);
    expect(Number(row.n)).toBe(0);
  });

  test('a code whose watermark names another appid is refused', async () => {
    const { token } = await app.loginMember('o-phone-3');
    const code = await phoneCode('13912345680', { watermarkAppId: 'wx0000000000000000' });
    const res = await app.http('POST', '/api/me/phone', { token, body: { code } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_PHONE_CODE');
  });

  test("a code made for another member's openid is refused", async () => {
    await app.loginMember('o-phone-a');
    const { token } = await app.loginMember('o-phone-b');
    const code = await phoneCode('13912345681', { openid: 'o-phone-a' });
    const res = await app.http('POST', '/api/me/phone', { token, body: { code } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_PHONE_CODE');
    const own = await app.http('POST', '/api/me/phone', {
      token,
      body: { code: await phoneCode('13912345681', { openid: 'o-phone-b' }) },
    });
    expect(own.status).toBe(200);
  });

  test('a phone bound to another member is refused with 409 and stays with its owner', async () => {
    const owner = await app.loginMember('o-phone-owner');
    const other = await app.loginMember('o-phone-other');
    await app.http('POST', '/api/me/phone', { token: owner.token, body: { code: await phoneCode('13700000001') } });
    const res = await app.http('POST', '/api/me/phone', {
      token: other.token,
      body: { code: await phoneCode('13700000001') },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('PHONE_TAKEN');
    const rows = await app.query('SELECT member_id FROM member_profiles WHERE phone = ?', ['13700000001']);
    expect(rows.map((r) => r.member_id)).toEqual([owner.member.id]);
  });
});

describe('profile', () => {
  test('nickname, real name and ID number are saved; the ID number is encrypted, hashed and masked', async () => {
    const { token, member } = await app.loginMember('o-profile-1');
    const res = await app.http('PUT', '/api/me/profile', {
      token,
      body: { nickname: '小王', realName: '王小明', idNumber: ID_NUMBER.toLowerCase() },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ nickname: '小王', realName: '王小明', idNumberMasked: '110***********002X' });
    expect(res.text).not.toContain(ID_NUMBER);
    const [row] = await app.query('SELECT * FROM member_profiles WHERE member_id = ?', [member.id]);
    expect(JSON.stringify(row)).not.toContain(ID_NUMBER);
    expect(row.id_number_cipher).toMatch(/^v1\./);
    expect(row.id_number_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('the profile shows the join time and the referrer', async () => {
    const inviter = await app.loginMember('o-inviter');
    const { token } = await app.loginMember('o-invitee', inviter.member.inviteCode);
    const res = await app.http('GET', '/api/me/profile', { token });
    expect(res.body.referrer).toEqual({ id: inviter.member.id, nickname: inviter.member.nickname });
    expect(new Date(res.body.joinedAt).getTime()).toBeGreaterThan(0);
    // team figures are kept by the team module's jobs: they catch up within moments
    const deadline = Date.now() + 10_000;
    let team: unknown;
    do {
      team = (await app.http('GET', '/api/me/profile', { token: inviter.token })).body.team;
    } while ((team as { directCount: number }).directCount < 1 && Date.now() < deadline && (await pause(100)));
    expect(team).toEqual({ directCount: 1, indirectCount: 0, teamCount: 1 });
  });

  test('a bad ID number is a 400 that writes nothing and does not quote it', async () => {
    const { token, member } = await app.loginMember('o-profile-bad');
    for (const idNumber of ['110105194912310021', '1101051949']) {
      const res = await app.http('PUT', '/api/me/profile', { token, body: { nickname: 'changed', idNumber } });
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe('idNumber');
      expect(res.text).not.toContain(idNumber);
    }
    const [row] = await app.query('SELECT nickname FROM members WHERE id = ?', [member.id]);
    expect(row.nickname).not.toBe('changed');
    expect(await app.query('SELECT * FROM member_profiles WHERE member_id = ?', [member.id])).toEqual([]);
  });

  test('an ID number belongs to one member, and once set it is locked', async () => {
    const first = await app.loginMember('o-id-first');
    const second = await app.loginMember('o-id-second');
    const idNumber = validId('11010119900307123');
    const set = await app.http('PUT', '/api/me/profile', { token: first.token, body: { idNumber } });
    expect(set.status).toBe(200);
    const taken = await app.http('PUT', '/api/me/profile', { token: second.token, body: { idNumber } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('ID_NUMBER_TAKEN');
    const again = await app.http('PUT', '/api/me/profile', { token: first.token, body: { idNumber } });
    expect(again.status).toBe(200);
    const other = validId('11010119850101456');
    const changed = await app.http('PUT', '/api/me/profile', { token: first.token, body: { idNumber: other } });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('ID_NUMBER_LOCKED');
  });
});

describe('avatar', () => {
  const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 1)]);
  const upload = (token: string, bytes: Buffer, name = 'a.png') => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), name);
    return fetch(`${app.url}/api/me/avatar`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
  };

  test('an uploaded image becomes the avatar and is served back', async () => {
    const { token } = await app.loginMember('o-avatar-1');
    const res = await upload(token, PNG);
    expect(res.status).toBe(200);
    const profile = (await res.json()) as { avatarUrl: string };
    expect(profile.avatarUrl).toMatch(/^\/uploads\/avatars\/\d+-[0-9a-f]{24}\.png$/);
    const served = await fetch(`${app.url}${profile.avatarUrl}`);
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  });

  test('a file that is not an image, or too large, is a 400 and the avatar stays', async () => {
    const { token, member } = await app.loginMember('o-avatar-2');
    const notImage = await upload(token, Buffer.from('<script>alert(1)</script>'), 'x.png');
    expect(notImage.status).toBe(400);
    expect(((await notImage.json()) as { error: { code: string } }).error.code).toBe('INVALID_AVATAR');
    const tooLarge = await upload(token, Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]));
    expect(tooLarge.status).toBe(400);
    const [row] = await app.query('SELECT avatar_url FROM members WHERE id = ?', [member.id]);
    expect(row.avatar_url).toBeNull();
  });
});

describe('addresses', () => {
  test('the first address is the default; moving the default unsets the other; deleting it promotes another', async () => {
    const { token } = await app.loginMember('o-addr-1');
    const a = await app.http('POST', '/api/me/addresses', { token, body: ADDRESS });
    expect(a.status).toBe(201);
    expect(a.body.isDefault).toBe(true);
    const b = await app.http('POST', '/api/me/addresses', { token, body: { ...ADDRESS, detail: '二号' } });
    expect(b.body.isDefault).toBe(false);
    await app.http('POST', `/api/me/addresses/${b.body.id}/default`, { token });
    let list = await app.http('GET', '/api/me/addresses', { token });
    expect(list.body.items.map((x: { id: number; isDefault: boolean }) => [x.id, x.isDefault])).toEqual([
      [b.body.id, true],
      [a.body.id, false],
    ]);
    const c = await app.http('POST', '/api/me/addresses', {
      token,
      body: { ...ADDRESS, detail: '三号', isDefault: true },
    });
    expect(c.body.isDefault).toBe(true);
    expect((await app.http('DELETE', `/api/me/addresses/${c.body.id}`, { token })).status).toBe(204);
    list = await app.http('GET', '/api/me/addresses', { token });
    expect(list.body.items.filter((x: { isDefault: boolean }) => x.isDefault)).toHaveLength(1);
  });

  test('racing default changes and additions still leave exactly one default', async () => {
    const { token, member } = await app.loginMember('o-addr-race');
    const created = [];
    for (let i = 0; i < 4; i++) {
      created.push((await app.http('POST', '/api/me/addresses', { token, body: { ...ADDRESS, detail: `${i}` } })).body);
    }
    await Promise.all([
      ...created.map((a) => app.http('POST', `/api/me/addresses/${a.id}/default`, { token })),
      app.http('POST', '/api/me/addresses', { token, body: { ...ADDRESS, isDefault: true } }),
      app.http('POST', '/api/me/addresses', { token, body: { ...ADDRESS, isDefault: true } }),
    ]);
    const defaults = await app.query('SELECT id FROM member_addresses WHERE member_id = ? AND is_default', [member.id]);
    expect(defaults).toHaveLength(1);
  });

  test('the database itself refuses a second default for one member', async () => {
    const { token, member } = await app.loginMember('o-addr-db');
    await app.http('POST', '/api/me/addresses', { token, body: ADDRESS });
    await expect(
      app.query(
        'INSERT INTO member_addresses (member_id, receiver_name, phone, region, detail, is_default, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, NOW(), NOW())',
        [member.id, 'x', '13800138000', 'r', 'd'],
      ),
    ).rejects.toThrow(/Duplicate entry/);
  });

  test('the default cannot be unset without choosing another', async () => {
    const { token } = await app.loginMember('o-addr-2');
    const a = await app.http('POST', '/api/me/addresses', { token, body: ADDRESS });
    const res = await app.http('PUT', `/api/me/addresses/${a.body.id}`, {
      token,
      body: { ...ADDRESS, isDefault: false },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('DEFAULT_ADDRESS_REQUIRED');
  });

  test('bad input is a 400 that writes nothing', async () => {
    const { token, member } = await app.loginMember('o-addr-bad');
    for (const bad of [
      { ...ADDRESS, phone: '12345' },
      { ...ADDRESS, region: ' ' },
      { ...ADDRESS, detail: '' },
    ]) {
      const res = await app.http('POST', '/api/me/addresses', { token, body: bad });
      expect(res.status).toBe(400);
    }
    expect(await app.query('SELECT id FROM member_addresses WHERE member_id = ?', [member.id])).toEqual([]);
  });

  test("another member's address answers 404 and is left alone", async () => {
    const owner = await app.loginMember('o-addr-owner');
    const stranger = await app.loginMember('o-addr-stranger');
    const a = await app.http('POST', '/api/me/addresses', { token: owner.token, body: ADDRESS });
    const path = `/api/me/addresses/${a.body.id}`;
    expect((await app.http('PUT', path, { token: stranger.token, body: ADDRESS })).status).toBe(404);
    expect((await app.http('DELETE', path, { token: stranger.token })).status).toBe(404);
    expect((await app.http('POST', `${path}/default`, { token: stranger.token })).status).toBe(404);
    const list = await app.http('GET', '/api/me/addresses', { token: stranger.token });
    expect(list.body.items).toEqual([]);
    expect(await app.query('SELECT id FROM member_addresses WHERE id = ?', [a.body.id])).toHaveLength(1);
  });

  test('the book holds at most 20 addresses', async () => {
    const { token } = await app.loginMember('o-addr-full');
    for (let i = 0; i < 20; i++) {
      expect(
        (await app.http('POST', '/api/me/addresses', { token, body: { ...ADDRESS, detail: `${i} 号` } })).status,
      ).toBe(201);
    }
    const res = await app.http('POST', '/api/me/addresses', { token, body: ADDRESS });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ADDRESS_BOOK_FULL');
  });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(() => resolve(true), ms));

/** Completes 17 digits with their GB 11643 check character. */
function validId(seventeenOrEighteen: string): string {
  const body = seventeenOrEighteen.slice(0, 17);
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return body + '10X98765432'[weights.reduce((s, w, i) => s + w * Number(body[i]), 0) % 11];
}
