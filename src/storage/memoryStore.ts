import type { KeyValueStore } from "./types";

/** A store that keeps nothing on disk: for built-in commands and tests. */
export class MemoryStore implements KeyValueStore {
  private readonly data = new Map<string, unknown>();
  get<T = unknown>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  has(key: string): boolean {
    return this.data.has(key);
  }
  keys(): string[] {
    return [...this.data.keys()];
  }
  async set(key: string, value: unknown): Promise<void> {
    this.data.set(key, structuredClone(value));
  }
  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }
  async flush(): Promise<void> {}
}
