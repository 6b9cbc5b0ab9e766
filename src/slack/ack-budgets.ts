/**
 * `promise`'s value if it settles within `ms` milliseconds, else undefined; the promise keeps running (and its
 * rejection, if it comes late, is swallowed). For work that must fit in Slack's 3 s: answer with what is known.
 * @throws the promise's own rejection when it rejects within `ms`
 */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
  });
  promise.catch(() => {}); // a late rejection has nobody to tell
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Like {@link within}, for work whose value may itself be undefined: rejects when `ms` milliseconds pass
 * without an answer (the work keeps running).
 * @throws Error `no answer within <ms> ms`, or the work's own rejection
 */
export async function withinOrFail<T>(promise: Promise<T>, ms: number): Promise<T> {
  const settled = await within(promise.then((value) => ({ value })), ms);
  if (!settled) throw new Error(`no answer within ${ms} ms`);
  return settled.value;
}
