import { cacheBus } from './invalidation-bus';

/**
 * In-process read caches for hot reads. Each is emptied through the invalidation bus (the owning module wires
 * which topic drops what), expires after `ttlMs` as a backstop, and coalesces concurrent misses into one load.
 *
 * A load that started before an invalidation may return rows read before the writer's commit: it still answers
 * the caller that asked (as an uncached read would have), but is not kept.
 */
interface Options {
  ttlMs: number;
}

/** One value (the level ladder, the active price rules). */
export class CachedValue<T> {
  private entry: { value: T; loadedAt: number } | undefined;
  private flight: { promise: Promise<T>; stale: boolean } | undefined;
  /** Grows with every invalidation: answers built from this value are current while it is unchanged. */
  version = 0;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly options: Options,
  ) {}

  async get(): Promise<T> {
    if (!cacheBus.isLive) return this.load();
    if (this.entry && Date.now() - this.entry.loadedAt < this.options.ttlMs) return this.entry.value;
    if (this.flight) return this.flight.promise;
    const flight = { promise: this.load(), stale: false };
    this.flight = flight;
    const loadedAt = Date.now();
    try {
      const value = await flight.promise;
      if (!flight.stale && cacheBus.isLive) this.entry = { value, loadedAt };
      return value;
    } finally {
      if (this.flight === flight) this.flight = undefined;
    }
  }

  /** The value when it is loaded and fresh, without waiting. */
  peek(): T | undefined {
    return this.entry && Date.now() - this.entry.loadedAt < this.options.ttlMs ? this.entry.value : undefined;
  }

  invalidate(): void {
    this.version++;
    this.entry = undefined;
    if (this.flight) this.flight.stale = true;
    this.flight = undefined;
  }
}

interface Flight<K, V> {
  promise: Promise<Map<K, V>>;
  staleKeys: Set<K>;
  allStale: boolean;
}

/**
 * Values by key, loaded in batches (one query for every key missing from a request). At most `maxEntries` are
 * kept; past that the oldest go first.
 */
export class CachedMap<K, V> {
  private readonly entries = new Map<K, { value: V; loadedAt: number }>();
  private readonly flights = new Map<K, Flight<K, V>>();
  /** Grows with every invalidation, keyed or not. */
  version = 0;

  constructor(
    private readonly loadMany: (keys: K[]) => Promise<Map<K, V>>,
    private readonly options: Options & { maxEntries: number },
  ) {}

  async get(key: K): Promise<V | undefined> {
    const hit = this.fresh(key);
    if (hit) return hit.value;
    return (await this.getMany([key])).get(key);
  }

  /** Every key's value; keys the loader does not answer are absent. */
  async getMany(keys: readonly K[]): Promise<Map<K, V>> {
    if (!cacheBus.isLive) return this.loadMany([...new Set(keys)]);
    const found = new Map<K, V>();
    const waits: Promise<Map<K, V>>[] = [];
    const missing: K[] = [];
    for (const key of new Set(keys)) {
      const hit = this.fresh(key);
      if (hit) found.set(key, hit.value);
      else if (this.flights.has(key)) waits.push(this.flights.get(key)!.promise);
      else missing.push(key);
    }
    if (missing.length) waits.push(this.fill(missing));
    for (const loaded of await Promise.all(waits)) {
      for (const key of keys) if (!found.has(key) && loaded.has(key)) found.set(key, loaded.get(key)!);
    }
    return found;
  }

  invalidate(keys: readonly K[]): void {
    this.version++;
    for (const key of keys) {
      this.entries.delete(key);
      const flight = this.flights.get(key);
      if (flight) {
        flight.staleKeys.add(key);
        this.flights.delete(key);
      }
    }
  }

  clear(): void {
    this.version++;
    this.entries.clear();
    for (const flight of this.flights.values()) flight.allStale = true;
    this.flights.clear();
  }

  private fresh(key: K) {
    const entry = this.entries.get(key);
    if (entry && Date.now() - entry.loadedAt < this.options.ttlMs) return entry;
    return undefined;
  }

  private async fill(keys: K[]): Promise<Map<K, V>> {
    const flight: Flight<K, V> = { promise: this.loadMany(keys), staleKeys: new Set(), allStale: false };
    for (const key of keys) this.flights.set(key, flight);
    const loadedAt = Date.now();
    try {
      const loaded = await flight.promise;
      if (!flight.allStale && cacheBus.isLive) {
        for (const [key, value] of loaded) {
          if (flight.staleKeys.has(key)) continue;
          this.entries.delete(key); // re-inserted last: the oldest entries stay at the front
          this.entries.set(key, { value, loadedAt });
        }
        for (const key of this.entries.keys()) {
          if (this.entries.size <= this.options.maxEntries) break;
          this.entries.delete(key);
        }
      }
      return loaded;
    } finally {
      for (const key of keys) if (this.flights.get(key) === flight) this.flights.delete(key);
    }
  }
}
