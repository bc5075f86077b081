import { flashKeys, PLACE_FLASH_ORDER_JOB, type FlashSaleDeps } from './flash-deps';
import { luaScript } from './flash-stock';

/**
 * The grab script appends each ticket to a Redis list instead of adding a Bull job in the request: adding a Bull
 * job costs the api about half a millisecond of CPU and a round trip, the grab's budget several times over. Each
 * worker process runs this pump: it takes up to a batch of tickets (noting when, in the moving hash), adds their
 * jobs in one bulk (job id = ticket, so adding one twice adds nothing), then forgets them. Tickets a killed worker
 * took but never queued are taken up again after MOVING_STALE_MS.
 */
const BATCH = 200;
const IDLE_POLL_MS = 20;
const MOVING_STALE_MS = 15_000;

const TAKE = luaScript(`
local out = {}
for i = 1, tonumber(ARGV[1]) do
  local ticket = redis.call('LPOP', KEYS[1])
  if not ticket then break end
  redis.call('HSET', KEYS[2], ticket, ARGV[2])
  out[#out + 1] = ticket
end
return out
`);

async function queueTickets(deps: FlashSaleDeps, tickets: string[]) {
  if (!tickets.length) return;
  await deps.queues.flash.addBulk(
    tickets.map((ticket) => ({ name: PLACE_FLASH_ORDER_JOB, data: { ticket }, opts: { jobId: ticket } })),
  );
  await deps.redis.hdel(flashKeys(deps).moving, ...tickets);
}

/** Moves a batch; answers how many tickets it moved. */
export async function pumpTickets(deps: FlashSaleDeps): Promise<number> {
  const keys = flashKeys(deps);
  const tickets = (await TAKE(deps.redis, [keys.pending, keys.moving], [BATCH, Date.now()])) as string[];
  await queueTickets(deps, tickets);
  return tickets.length;
}

/** Tickets taken by a pump that died before their jobs were added. */
export async function requeueStaleMoving(deps: FlashSaleDeps): Promise<number> {
  const moving = await deps.redis.hgetall(flashKeys(deps).moving);
  const stale = Object.entries(moving)
    .filter(([, at]) => Date.now() - Number(at) > MOVING_STALE_MS)
    .map(([ticket]) => ticket);
  await queueTickets(deps, stale);
  return stale.length;
}

export function startFlashPump(deps: FlashSaleDeps): void {
  let lastStaleCheck = 0;
  const stopped = () => deps.redis.status === 'end' || deps.redis.status === 'close';
  const tick = async () => {
    if (stopped()) return;
    let moved = 0;
    try {
      if (Date.now() - lastStaleCheck > MOVING_STALE_MS) {
        lastStaleCheck = Date.now();
        await requeueStaleMoving(deps);
      }
      moved = await pumpTickets(deps);
    } catch (err) {
      if (stopped()) return;
      deps.logger.warn({ err }, 'flash pump failed; trying again');
    }
    setTimeout(() => void tick(), moved === BATCH ? 0 : IDLE_POLL_MS).unref();
  };
  void tick();
}
