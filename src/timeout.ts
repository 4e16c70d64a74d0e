export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** `work`, or a TimeoutError after `ms`; the work itself is not cancelled (bound it otherwise). */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
