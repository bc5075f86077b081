/**
 * Key material for the WeChat Pay (and WeChat login) sandbox: generated once per data directory, then reloaded,
 * so notifications signed before a restart still verify after it. Everything lives in one JSON file written
 * atomically (link of a finished temp file, so two processes starting together agree on one set); the PEM files
 * beside it are copies for the WECHATPAY_*_FILE variables.
 */
import { X509Certificate, generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type forge from 'node-forge';
import { randomNonce } from './v3-crypto';
import type { SandboxKeyMaterial } from './wechatpay.types';

const KEY_FILE = 'wechatpay-sandbox.json';
const PEM_COPIES: Record<string, keyof SandboxKeyMaterial> = {
  'wechatpay-merchant-key.pem': 'merchantPrivateKeyPem',
  'wechatpay-merchant-cert.pem': 'merchantCertificatePem',
  'wechatpay-platform-key.pem': 'platformPrivateKeyPem',
  'wechatpay-platform-public-key.pem': 'platformPublicKeyPem',
  'wechatpay-platform-cert.pem': 'platformCertificatePem',
};

export function ensureSandboxKeys(dir: string): SandboxKeyMaterial {
  const file = path.join(dir, KEY_FILE);
  const existing = readKeys(file);
  if (existing) return existing;

  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const generated = generateSandboxKeys();
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temp, JSON.stringify({ version: 1, ...generated }, null, 2), { mode: 0o600 });
  try {
    fs.linkSync(temp, file); // fails with EEXIST when another process got there first: use its keys
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.unlinkSync(temp);
  }
  const keys = readKeys(file);
  if (!keys) throw new Error(`could not read back ${file}`);
  for (const [name, field] of Object.entries(PEM_COPIES)) {
    fs.writeFileSync(path.join(dir, name), keys[field], { mode: 0o600 });
  }
  return keys;
}

function readKeys(file: string): SandboxKeyMaterial | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let parsed: Partial<SandboxKeyMaterial>;
  try {
    parsed = JSON.parse(text) as Partial<SandboxKeyMaterial>;
  } catch {
    // Not the parser's message: it quotes the text, which holds private keys.
    throw new Error(`${file} is not valid JSON; delete it to regenerate`);
  }
  const fields: (keyof SandboxKeyMaterial)[] = [
    'appId',
    'mchId',
    'merchantSerialNo',
    'merchantPrivateKeyPem',
    'merchantCertificatePem',
    'apiV3Key',
    'platformPrivateKeyPem',
    'platformPublicKeyPem',
    'platformPublicKeyId',
    'platformCertificatePem',
    'platformCertificateSerialNo',
    'appSecret',
  ];
  const missing = fields.filter((field) => typeof parsed[field] !== 'string' || parsed[field] === '');
  // Names the fields only: the file holds private keys.
  if (missing.length) throw new Error(`${file} lacks ${missing.join(', ')}; delete it to regenerate`);
  return Object.fromEntries(fields.map((field) => [field, parsed[field]])) as unknown as SandboxKeyMaterial;
}

function generateSandboxKeys(): SandboxKeyMaterial {
  const mchId = `19${String(randomInt(10 ** 8)).padStart(8, '0')}`; // 10 digits, like real merchant ids
  const merchant = selfSignedRsa(`${mchId}`, 'WeChat Pay sandbox merchant');
  const platform = selfSignedRsa('Tenpay.com Root CA sandbox', 'WeChat Pay sandbox platform');
  const today = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  return {
    appId: `wx${randomBytes(8).toString('hex')}`,
    mchId,
    merchantSerialNo: merchant.serialNo,
    merchantPrivateKeyPem: merchant.privateKeyPem,
    merchantCertificatePem: merchant.certificatePem,
    apiV3Key: randomNonce(32),
    platformPrivateKeyPem: platform.privateKeyPem,
    platformPublicKeyPem: platform.publicKeyPem,
    platformPublicKeyId: `PUB_KEY_ID_01${mchId}${today}${String(randomInt(10 ** 6)).padStart(6, '0')}`,
    platformCertificatePem: platform.certificatePem,
    platformCertificateSerialNo: platform.serialNo,
    appSecret: randomBytes(16).toString('hex'),
  };
}

function selfSignedRsa(commonName: string, organization: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const serial = randomBytes(20);
  serial[0] = (serial[0] & 0x7f) | 0x10; // positive and without a leading zero byte, 40 hex digits like WeChat's
  // node-forge is loaded only when sandbox keys are first made, never by a production boot
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { pki, md } = require('node-forge') as typeof forge;
  const cert = pki.createCertificate();
  cert.publicKey = pki.publicKeyFromPem(publicKey);
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 24 * 3600 * 1000); // platform certificates last 5 years
  const attrs = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: organization },
    { name: 'countryName', value: 'CN' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(pki.privateKeyFromPem(privateKey), md.sha256.create());
  const certificatePem = pki.certificateToPem(cert);
  return {
    privateKeyPem: privateKey,
    publicKeyPem: publicKey,
    certificatePem,
    serialNo: new X509Certificate(certificatePem).serialNumber.toUpperCase(),
  };
}
