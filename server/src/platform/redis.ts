import IORedis, { type Redis } from 'ioredis';

/**
 * The app's Redis connection. Commands issued in the same tick go out in one write (ioredis auto-pipelining): under a
 * crowd (a flash sale, a share storm) many requests each send a command or two, and one socket write per command
 * was the grab's largest cost. Replies still come back to each command in order; a connection that subscribes is
 * made with `duplicate({ enableAutoPipelining: false })`.
 */
export function createRedis(url: string): Redis {
  return new IORedis(url, {
    maxRetriesPerRequest: 2,
    enableReadyCheck: true,
    lazyConnect: false,
    enableAutoPipelining: true,
    disableClientInfo: true, // no CLIENT SETINFO round trips, no package.json read on each connect
  });
}

export type { Redis };
