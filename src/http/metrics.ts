import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DecodedSourceCache } from '../engine/decoded-source-cache.js';
import type { RenditionCache } from '../storage/index.js';
import type { DetectorPool } from '../workers/detector-pool.js';
import type { Semaphore } from '../shared/semaphore.js';

/** The service's Prometheus metrics, one registry per app (tests build several apps in one process). */
export interface Metrics {
  readonly registry: Registry;
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly renderSeconds: Histogram<'gravity' | 'format'>;
  readonly analyzeSeconds: Histogram;
  readonly cdnCache: Counter<'outcome'>;
  /** Of those, the ones answered from memory before routing (fast-hits.ts). */
  readonly cdnFastPath: Counter;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2];

export function createMetrics(sources: { renditions: RenditionCache; decoded: DecodedSourceCache; pool: DetectorPool; work: Semaphore }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'convertly_' });
  const metrics: Metrics = {
    registry,
    requests: new Counter({ name: 'convertly_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [registry] }),
    renderSeconds: new Histogram({ name: 'convertly_render_seconds', help: 'Render time of cache misses, by gravity', labelNames: ['gravity', 'format'], buckets: LATENCY_BUCKETS, registers: [registry] }),
    analyzeSeconds: new Histogram({ name: 'convertly_analyze_seconds', help: 'Analyze time', buckets: LATENCY_BUCKETS, registers: [registry] }),
    cdnCache: new Counter({ name: 'convertly_cdn_cache_total', help: 'CDN responses by cache outcome (hit, miss, not_modified)', labelNames: ['outcome'], registers: [registry] }),
    cdnFastPath: new Counter({ name: 'convertly_cdn_fast_path_total', help: 'CDN hits and 304s answered from memory before routing', registers: [registry] }),
  };
  new Gauge({
    name: 'convertly_cdn_cache_hit_ratio',
    help: 'Share of CDN rendition lookups served from cache since start',
    registers: [registry],
    collect() {
      const { hits, misses } = sources.renditions.stats();
      this.set(hits + misses === 0 ? 0 : hits / (hits + misses));
    },
  });
  new Gauge({
    name: 'convertly_rendition_cache_bytes',
    help: 'Bytes of renditions on disk',
    registers: [registry],
    collect() {
      this.set(sources.renditions.stats().diskBytes);
    },
  });
  new Gauge({
    name: 'convertly_decoded_source_bytes',
    help: 'Bytes of decoded originals kept for misses of hot images (DECODE_CACHE_BYTES)',
    registers: [registry],
    collect() {
      this.set(sources.decoded.stats().bytes);
    },
  });
  new Counter({
    name: 'convertly_decoded_source_total',
    help: 'Decoded-original lookups of cache misses: hit (no decode), decode, coalesced (waited on another decode)',
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      const { hits, decodes, coalesced } = sources.decoded.stats();
      this.reset();
      this.inc({ outcome: 'hit' }, hits);
      this.inc({ outcome: 'decode' }, decodes);
      this.inc({ outcome: 'coalesced' }, coalesced);
    },
  });
  new Gauge({
    name: 'convertly_render_queue_depth',
    help: 'Renders and analyses waiting for a slot (RENDER_CONCURRENCY)',
    registers: [registry],
    collect() {
      this.set(sources.work.waiting);
    },
  });
  new Gauge({
    name: 'convertly_worker_queue_depth',
    help: 'Detection tasks waiting for a worker thread',
    registers: [registry],
    collect() {
      this.set(sources.pool.queueSize);
    },
  });
  return metrics;
}
