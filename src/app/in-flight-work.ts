/** Keeps track of work still running (listeners that go on after their ack), so shutdown can wait for it. */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  /** Registers `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** How many are running now. */
  get size(): number {
    return this.running.size;
  }

  /**
   * Waits for everything running to settle, at most `timeoutMs`.
   * @returns true when all settled in time; false when some were still running (left to the sweeper)
   */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const settled = Promise.allSettled([...this.running]).then(() => true as const);
    const result = await Promise.race([settled, timeout]);
    clearTimeout(timer);
    return result;
  }
}
