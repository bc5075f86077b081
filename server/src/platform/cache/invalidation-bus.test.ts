import { randomBytes } from 'node:crypto';
import { createLogger } from '../logger';
import { createRedis } from '../redis';
import { InvalidationBus } from './invalidation-bus';

/**
 * Two buses, as two processes, over the test Redis: what one publishes reaches the other, one message per topic
 * for all that was published in one turn of the event loop, the publisher's own listeners at once.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger({ level: 'silent' });

test('what one turn publishes reaches another process in one message per topic, the publisher at once', async () => {
  const prefix = `bus_${randomBytes(3).toString('hex')}`;
  const [redisA, redisB, watcher] = [createRedis(REDIS_URL), createRedis(REDIS_URL), createRedis(REDIS_URL)];
  const [a, b] = [new InvalidationBus(), new InvalidationBus()];
  const linkA = a.attach(redisA, prefix, logger);
  const linkB = b.attach(redisB, prefix, logger);
  const onChannel: string[] = [];
  try {
    await Promise.all([linkA.subscribed, linkB.subscribed]);
    await watcher.subscribe(`${prefix}:cache-invalidation`);
    watcher.on('message', (_channel: string, text: string) => onChannel.push(text));

    const heardByA: (readonly string[] | null)[] = [];
    const heardByB = new Map<string, (readonly string[] | null)[]>();
    a.on('stock', (keys) => heardByA.push(keys));
    for (const topic of ['stock', 'prices', 'end']) {
      heardByB.set(topic, []);
      b.on(topic, (keys) => heardByB.get(topic)!.push(keys));
    }

    a.publish('stock', [1]);
    a.publish('stock', [2, 1]);
    a.publish('prices', [7]);
    a.publish('prices', null); // the whole topic: the keys before it are covered
    a.publish('prices', [8]);
    expect(heardByA).toEqual([['1'], ['2', '1']]); // its own caches at once, not after the turn

    // a later turn's message: once it arrived, everything sent before it did (one connection keeps their order)
    await new Promise((resolve) => setImmediate(resolve));
    a.publish('end', null);
    const ended = () => heardByB.get('end')!.length > 0 && onChannel.some((text) => text.includes('"end"'));
    while (!ended()) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(heardByB.get('stock')).toEqual([['1', '2']]);
    expect(heardByB.get('prices')).toEqual([null]);
    expect(onChannel.map((text) => (JSON.parse(text) as { topic: string }).topic)).toEqual(['stock', 'prices', 'end']);
    expect(heardByA).toHaveLength(2); // its own message is not heard again
  } finally {
    linkA.close();
    linkB.close();
    for (const redis of [redisA, redisB, watcher]) redis.disconnect();
  }
});
