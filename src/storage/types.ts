/** A plugin's own key-value store. Values must be JSON-serialisable. */
export interface KeyValueStore {
  get<T = unknown>(key: string): T | undefined;
  has(key: string): boolean;
  keys(): string[];
  /** Resolves once the change is on disk (atomic, serialized with other writes). */
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Resolves when every write issued so far is on disk. */
  flush(): Promise<void>;
}
