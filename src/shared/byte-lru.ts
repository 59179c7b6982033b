// Shared by the rendition cache (storage/) and the decoded-source cache (engine/): a data structure, no I/O.
/** A least-recently-used map whose capacity is a byte budget rather than an entry count. */
export class ByteLru<V> {
  // A Map iterates in insertion order, so re-inserting on use keeps the least recent first.
  private readonly entries = new Map<string, { readonly value: V; readonly bytes: number }>();
  private totalBytes = 0;

  constructor(readonly maxBytes: number) {}

  /** Sum of the sizes of every entry. */
  get bytes(): number {
    return this.totalBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Returns the value and marks it most recently used. */
  get(key: string): V | undefined {
    const slot = this.entries.get(key);
    if (slot === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, slot);
    return slot.value;
  }

  /**
   * Stores a value as most recently used, then evicts least recent entries until the total fits
   * `maxBytes` again (the new entry too, if it alone is larger). Returns what was evicted.
   */
  set(key: string, value: V, bytes: number): Array<[string, V]> {
    this.delete(key);
    this.entries.set(key, { value, bytes });
    this.totalBytes += bytes;
    const evicted: Array<[string, V]> = [];
    for (const [oldKey, slot] of this.entries) {
      if (this.totalBytes <= this.maxBytes) break;
      this.entries.delete(oldKey);
      this.totalBytes -= slot.bytes;
      evicted.push([oldKey, slot.value]);
    }
    return evicted;
  }

  /** Removes an entry; returns whether it was there. */
  delete(key: string): boolean {
    const slot = this.entries.get(key);
    if (slot === undefined) return false;
    this.entries.delete(key);
    this.totalBytes -= slot.bytes;
    return true;
  }

  /** Keys from least to most recently used (a snapshot, safe to delete while iterating). */
  keys(): string[] {
    return [...this.entries.keys()];
  }
}
