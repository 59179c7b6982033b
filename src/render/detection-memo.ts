import type { DetectedObject, ScoredBox } from '../geometry/types.js';

/** What the detectors found in one stored original, kept while the process runs. */
export interface DetectionMemoEntry {
  faces?: Promise<readonly ScoredBox[]>;
  objects?: Promise<readonly DetectedObject[]>;
  /** The coarse object pass of Detections.people(). */
  people?: Promise<readonly DetectedObject[]>;
}

/** Detections per original (keyed by its blob key, so a new version is a new key and never stale). */
export interface DetectionMemo {
  /** The entry of one original, created empty on first use; the least recently used go beyond the bound. */
  entry(key: string): DetectionMemoEntry;
  readonly size: number;
}

/**
 * A bounded memo of face and object detections, so the many sizes and aspects of one image (a
 * srcset, a gallery's thumbnails) scan it once. A few hundred bytes per image.
 */
export function createDetectionMemo(maxEntries = 4096): DetectionMemo {
  const entries = new Map<string, DetectionMemoEntry>();
  return {
    entry(key) {
      let entry = entries.get(key);
      if (entry !== undefined) {
        entries.delete(key);
      } else {
        entry = {};
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      }
      entries.set(key, entry);
      return entry;
    },
    get size() {
      return entries.size;
    },
  };
}
