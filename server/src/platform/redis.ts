import IORedis, { type Redis } from 'ioredis';

export function createRedis(url: string): Redis {
  return new IORedis(url, { maxRetriesPerRequest: 2, enableReadyCheck: true, lazyConnect: false });
}

export type { Redis };
