// Runs every cropper on every case and aspect, and analyze() once per case, and records what
// each kept against what the best window of the same size could keep.
import { analyze } from '../../src/index.js';
import { bestCoverage, coverage, isHit, maxWindowSize, type Box } from './coverage.js';
import { cropWith, type Cropper } from './croppers.js';
import { faceSizeBand, matchLabels, type FaceSizeBand } from './face-recall.js';
import { truthOf, type Category, type QualityCase } from './quality-case.js';
import { ASPECTS, type Aspect } from './quality-set.js';

export interface CropRecord {
  readonly image: string;
  readonly categories: readonly Category[];
  readonly aspect: Aspect['name'];
  readonly cropper: Cropper;
  readonly window: Box;
  /** What decided the window: our modes' fallbacks then focus, joined by '>'. */
  readonly focus: string;
  readonly coverage: number;
  readonly best: number;
  readonly hit: boolean;
  readonly ms: number;
}

export interface FaceRecord {
  readonly image: string;
  readonly band: FaceSizeBand;
  readonly found: boolean;
}

export interface AnalyzeRecord {
  readonly image: string;
  readonly ms: number;
  readonly labelled: number;
  readonly detected: number;
}

export interface QualityResults {
  readonly crops: CropRecord[];
  readonly faces: FaceRecord[];
  readonly analyses: AnalyzeRecord[];
}

/** Grades one case with every cropper at every aspect, then checks analyze's face recall on it. */
export async function evaluateCase(item: QualityCase, croppers: readonly Cropper[], results: QualityResults): Promise<void> {
  const truth = truthOf(item);
  for (const aspect of ASPECTS) {
    const best = bestCoverage(item, maxWindowSize(item, aspect), truth).coverage;
    for (const cropper of croppers) {
      const started = performance.now();
      const { window, focus } = await cropWith(cropper, item, aspect);
      const ms = performance.now() - started;
      const kept = coverage(window, truth);
      results.crops.push({ image: item.name, categories: item.categories, aspect: aspect.name, cropper, window, focus, coverage: kept, best, hit: isHit(kept, best), ms });
    }
  }
  const started = performance.now();
  const analysis = await analyze(item.input);
  const ms = performance.now() - started;
  const matched = matchLabels(item.faces, analysis.faces);
  item.faces.forEach((face, i) => results.faces.push({ image: item.name, band: faceSizeBand(face, item), found: matched[i] ?? false }));
  results.analyses.push({ image: item.name, ms, labelled: item.faces.length, detected: analysis.faces.length });
}
