/**
 * At most `limit` tasks at once, the rest waiting in arrival order: a tenant-wide
 * subscription can deliver hundreds of chats in a second, and Graph throttles an app per
 * tenant, so lookups queue here rather than pile onto Graph and all get 429s.
 */
export const limitConcurrency = (limit: number, onActive: (active: number) => void = () => undefined) => {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`concurrency must be a whole number of at least 1, got ${limit}`);
  }
  let active = 0;
  const waiting: Array<() => void> = [];

  const acquire = async (): Promise<void> => {
    if (active < limit) {
      active += 1;
      return;
    }
    // The releasing task hands its slot over: `active` stays as it is.
    await new Promise<void>((resolve) => waiting.push(resolve));
  };

  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };

  return async <T>(task: () => Promise<T>): Promise<T> => {
    await acquire();
    onActive(active);
    try {
      return await task();
    } finally {
      release();
      onActive(active);
    }
  };
};
