/**
 * Key material of the Alipay sandbox, made once per data directory and reloaded after (like the WeChat Pay one):
 * the app's RSA2 pair (the merchant signs requests; the sandbox verifies with the public half) and the sandbox
 * "Alipay" pair (answers and notifications signed with the private half; the merchant holds the public half).
 */
import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const KEY_FILE = 'alipay-sandbox.json';

export interface AlipaySandboxKeys {
  appId: string;
  sellerId: string;
  appPrivateKeyPem: string;
  appPublicKeyPem: string;
  alipayPrivateKeyPem: string;
  alipayPublicKeyPem: string;
}

const FIELDS: (keyof AlipaySandboxKeys)[] = [
  'appId',
  'sellerId',
  'appPrivateKeyPem',
  'appPublicKeyPem',
  'alipayPrivateKeyPem',
  'alipayPublicKeyPem',
];

export function ensureAlipaySandboxKeys(dir: string): AlipaySandboxKeys {
  const file = path.join(dir, KEY_FILE);
  const existing = readKeys(file);
  if (existing) return existing;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(generate(), null, 2), { mode: 0o600 });
  try {
    fs.linkSync(temp, file); // EEXIST: another process won the race; use its keys
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.unlinkSync(temp);
  }
  const keys = readKeys(file);
  if (!keys) throw new Error(`could not read back ${file}`);
  fs.writeFileSync(path.join(dir, 'alipay-app-private-key.pem'), keys.appPrivateKeyPem, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'alipay-public-key.pem'), keys.alipayPublicKeyPem, { mode: 0o600 });
  return keys;
}

function readKeys(file: string): AlipaySandboxKeys | null {
  if (!fs.existsSync(file)) return null;
  const text = fs.readFileSync(file, 'utf8');
  let parsed: Partial<AlipaySandboxKeys>;
  try {
    parsed = JSON.parse(text) as Partial<AlipaySandboxKeys>;
  } catch {
    throw new Error(`${file} is not valid JSON; delete it to regenerate`); // never the parser's text: keys inside
  }
  const missing = FIELDS.filter((f) => typeof parsed[f] !== 'string' || !parsed[f]);
  if (missing.length) throw new Error(`${file} lacks ${missing.join(', ')}; delete it to regenerate`);
  return Object.fromEntries(FIELDS.map((f) => [f, parsed[f]])) as unknown as AlipaySandboxKeys;
}

function rsaPair() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

function generate(): AlipaySandboxKeys {
  const app = rsaPair();
  const alipay = rsaPair();
  const digits = (n: number) => Array.from({ length: n }, () => String(randomInt(10))).join('');
  return {
    appId: `2021${digits(12)}`, // 16 digits, like Alipay app ids
    sellerId: `2088${digits(12)}`, // Alipay user ids start 2088
    appPrivateKeyPem: app.privateKey,
    appPublicKeyPem: app.publicKey,
    alipayPrivateKeyPem: alipay.privateKey,
    alipayPublicKeyPem: alipay.publicKey,
  };
}
