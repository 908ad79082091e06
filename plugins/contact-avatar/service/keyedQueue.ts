/**
 * Runs tasks one after another per key, in the order they were queued.
 * Avatar changes for the same contact must never interleave: a `.setpfp`
 * typed while a rotation is uploading for the same person waits its turn.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work queued or running. */
  get busyKeys(): string[] {
    return [...this.tails.keys()];
  }
}
