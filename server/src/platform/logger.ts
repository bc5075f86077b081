import pino, { type Logger } from 'pino';

/**
 * Secrets never reach a log line: these paths are censored wherever they appear, and the error boundary
 * never logs request bodies of auth and payment routes.
 */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.session_key',
  'session_key',
  '*.sessionKey',
  'sessionKey',
  '*.appSecret',
  'appSecret',
  '*.secret',
  '*.apiV3Key',
  'apiV3Key',
  '*.privateKeyPem',
  '*.merchantPrivateKeyPem',
  '*.platformPrivateKeyPem',
  '*.idNumber',
  'idNumber',
  '*.*.idNumber',
  'id_number',
  '*.id_number',
  '*.idNumberCipher',
  'access_token',
  '*.access_token',
  '*.accessToken',
];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? (process.env.JEST_WORKER_ID ? 'silent' : 'info');
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, options.destination);
}

export type { Logger };
