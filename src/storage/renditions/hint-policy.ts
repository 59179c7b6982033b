/**
 * Decides whether a local miss asks the database's hint (was this rendition ever charged?) beside the
 * bucket lookup. The hint only pays where the database answers well before the bucket — a remote S3 (a GET
 * or a 404 in 10–30 ms) with PostgreSQL close by (1 ms): a miss then renders without waiting for the 404.
 * Where both answer alike (a bucket on the same host or network), the hint cannot come first, and on a hit
 * it is a second round trip whose CPU (the client's and the database's) competes with the lookup it was
 * meant to shortcut: measured on a 2-core host, +0.7–0.9 ms on every shared-tier hit (docs/benchmarks.md).
 */
export interface HintPolicy {
  /** Whether this local miss should ask the hint beside the bucket. */
  shouldAsk(): boolean;
  /** A bucket lookup settled (a hit, a 404 or a failure alike) after `ms`. */
  lookupTook(ms: number): void;
  /** An asked hint answered after `ms`, counted from the start of the lookup beside it. */
  hintTook(ms: number): void;
}

export interface HintPolicyOptions {
  /** Ask while the hint's typical answer takes at most this share of the bucket's (default 0.5). */
  readonly ratio?: number;
  /** Samples of each before deciding; until then, ask (default 5). */
  readonly warmup?: number;
  /** While not asking, still ask one miss in this many, so a change (the bucket moving away) is seen (default 32). */
  readonly probeEvery?: number;
}

/** Samples kept of each latency: the median of the last few follows a change within a few misses, one outlier never decides. */
const WINDOW = 15;

/** The median of the last WINDOW samples, and how many samples were seen. */
function rollingMedian() {
  const recent: number[] = [];
  let next = 0;
  let median = 0;
  return {
    add(ms: number) {
      if (recent.length < WINDOW) recent.push(ms);
      else recent[next] = ms;
      next = (next + 1) % WINDOW;
      const sorted = [...recent].sort((a, b) => a - b);
      median = sorted[sorted.length >> 1] ?? 0;
    },
    get value() {
      return median;
    },
    get samples() {
      return recent.length;
    },
  };
}

/** One policy per rendition cache (per instance): both latencies are this instance's view of its database and bucket. */
export function createHintPolicy(options: HintPolicyOptions = {}): HintPolicy {
  const ratio = options.ratio ?? 0.5;
  const warmup = options.warmup ?? 5;
  const probeEvery = options.probeEvery ?? 32;
  const lookup = rollingMedian();
  const hint = rollingMedian();
  let skipped = 0;
  return {
    shouldAsk() {
      if (lookup.samples < warmup || hint.samples < warmup) return true;
      if (hint.value <= lookup.value * ratio) return true;
      skipped += 1;
      if (skipped < probeEvery) return false;
      skipped = 0;
      return true;
    },
    lookupTook: (ms) => lookup.add(ms),
    hintTook: (ms) => hint.add(ms),
  };
}
