import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { Logger } from '../logger';
import type { Redis } from '../redis';

/** What a listener hears: the keys that changed, or null for "anything under this topic may have changed". */
export type InvalidationListener = (keys: readonly string[] | null) => void;

interface Link {
  publisher: Redis;
  subscriber: Redis;
  channel: string;
  live: boolean;
}

interface Message {
  origin: string;
  topic: string;
  keys: string[] | null;
}

/**
 * The process's in-memory caches are told what changed through one Redis pub/sub channel. A writer announces
 * after its commit; this process's caches drop the entries at once, every other api and worker process hears
 * the message and does the same.
 *
 * Pub/sub delivers at most once: a subscriber that loses its connection misses what was said meanwhile. So a
 * cache is trusted only while the subscription is live; when it comes back every cache is emptied, and without
 * any live link (a CLI, a unit test) nothing is cached at all.
 */
export class InvalidationBus {
  private readonly origin = randomUUID();
  private readonly listeners = new Map<string, Set<InvalidationListener>>();
  private readonly links = new Set<Link>();
  /** Keys published this turn and not yet sent to the other processes, by topic (null: the whole topic). */
  private unsent = new Map<string, Set<string> | null>();
  private sendScheduled = false;

  /** Caches may keep what they load only while every link's subscription is live. */
  get isLive(): boolean {
    if (!this.links.size) return false;
    for (const link of this.links) if (!link.live) return false;
    return true;
  }

  on(topic: string, listener: InvalidationListener): () => void {
    const set = this.listeners.get(topic) ?? new Set();
    set.add(listener);
    this.listeners.set(topic, set);
    return () => set.delete(listener);
  }

  /**
   * Drops this process's entries now and tells every other process, in one message per topic for all that was
   * published in this turn of the event loop (under load many commits land in one turn: one PUBLISH, one message
   * for every subscriber to read, instead of one per commit).
   */
  publish(topic: string, keys: readonly (string | number)[] | null = null): void {
    const message: Message = { origin: this.origin, topic, keys: keys ? keys.map(String) : null };
    this.deliver(message);
    if (!this.links.size) return;
    const queued = this.unsent.get(topic);
    if (!message.keys) this.unsent.set(topic, null);
    else if (queued) for (const key of message.keys) queued.add(key);
    else if (queued === undefined) this.unsent.set(topic, new Set(message.keys));
    if (!this.sendScheduled) {
      this.sendScheduled = true;
      setImmediate(() => this.sendUnsent());
    }
  }

  private sendUnsent() {
    this.sendScheduled = false;
    const unsent = this.unsent;
    this.unsent = new Map();
    for (const [topic, keys] of unsent) {
      const text = JSON.stringify({ origin: this.origin, topic, keys: keys ? [...keys] : null } satisfies Message);
      for (const link of this.links) {
        link.publisher.publish(link.channel, text).catch(() => {
          // the message is lost for the others; their subscription broke or will (then they empty every cache)
        });
      }
    }
  }

  /** After the transaction commits (at once without one): readers must not reload the old rows in between. */
  publishAfterCommit(tx: Transaction | null | undefined, topic: string, keys: readonly (string | number)[] | null) {
    if (tx) tx.afterCommit(() => this.publish(topic, keys));
    else this.publish(topic, keys);
  }

  /**
   * Listens on `${prefix}:cache-invalidation` with a connection of its own (a subscribing connection can do
   * nothing else). Caches stay bypassed until the subscription is up (`subscribed`); close() ends the link.
   */
  attach(publisher: Redis, prefix: string, logger: Logger): { subscribed: Promise<void>; close(): void } {
    const subscriber = publisher.duplicate({ enableAutoPipelining: false });
    const link: Link = { publisher, subscriber, channel: `${prefix}:cache-invalidation`, live: false };
    this.links.add(link);
    subscriber.on('message', (channel: string, text: string) => {
      if (channel !== link.channel) return;
      try {
        const message = JSON.parse(text) as Message;
        if (message.origin !== this.origin) this.deliver(message);
      } catch (error) {
        logger.warn({ err: error }, 'unreadable cache invalidation message');
      }
    });
    subscriber.on('close', () => {
      if (link.live) logger.warn('cache invalidation channel lost: caches bypassed until it is back');
      link.live = false;
    });
    subscriber.on('error', (error: unknown) => logger.debug({ err: error }, 'cache invalidation channel error'));
    const subscribe = async () => {
      await subscriber.subscribe(link.channel);
      if (!this.links.has(link)) return;
      this.everything(); // whatever was said while nobody listened
      link.live = true;
    };
    const subscribed = subscribe().then(() => {
      // a reconnect resubscribes: until then, and for what was missed, the caches start empty
      subscriber.on('ready', () => {
        if (!link.live) subscribe().catch((error: unknown) => logger.warn({ err: error }, 'cache resubscribe failed'));
      });
    });
    subscribed.catch((error: unknown) => logger.warn({ err: error }, 'cache invalidation channel not subscribed'));
    return {
      subscribed,
      close: () => {
        this.sendUnsent(); // what this turn published still reaches the others
        this.links.delete(link);
        link.live = false;
        subscriber.disconnect();
        this.everything();
      },
    };
  }

  private deliver(message: Message) {
    for (const listener of this.listeners.get(message.topic) ?? []) listener(message.keys);
  }

  private everything() {
    for (const set of this.listeners.values()) for (const listener of set) listener(null);
  }
}

/**
 * One bus per process, like the models it guards (Sequelize models are process-wide too). The composition root
 * attaches it to Redis; modules' caches subscribe to it where they are defined.
 */
export const cacheBus = new InvalidationBus();
