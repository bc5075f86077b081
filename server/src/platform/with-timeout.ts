/**
 * `work`, or a rejection once `ms` have passed without an answer (ioredis and a stalled database hold a call rather
 * than fail it). The timer is cleared when the work settles and never keeps the process alive.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, what = 'no answer'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
