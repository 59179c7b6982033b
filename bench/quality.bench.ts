// npm run bench:quality: the crop-quality benchmark of issue 11 (docs/quality.md).
// Every gravity mode through the public library API beside libvips attention/entropy and
// smartcrop.js run directly, on a labelled set built at run time from the face-api samples.
//   --json PATH      also write every record (window, coverage, best, hit, ms) as JSON
//   --only WORD,...  only the images whose name contains one of the words (a quick look)
//   --modes a,b,...  only these croppers (e.g. face,faces,"libvips attention")
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { close } from '../src/index.js';
import { CROPPERS, type Cropper } from './quality/croppers.js';
import { evaluateCase, type QualityResults } from './quality/evaluate.js';
import { ASPECTS, buildQualitySet } from './quality/quality-set.js';
import { fullReport } from './quality/report.js';

const { values } = parseArgs({ options: { json: { type: 'string' }, only: { type: 'string' }, modes: { type: 'string' } } });
const words = values.only?.split(',').filter(Boolean) ?? [];
const croppers: Cropper[] = values.modes === undefined ? [...CROPPERS] : values.modes.split(',').map((m) => m.trim()) as Cropper[];
const unknown = croppers.filter((c) => !CROPPERS.includes(c));
if (unknown.length > 0) throw new Error(`unknown mode ${unknown.join(', ')}; known: ${CROPPERS.join(', ')}`);

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`bench:quality on ${availableParallelism()} cores, load ${load()}`);
const builtAt = performance.now();
const set = (await buildQualitySet()).filter((item) => words.length === 0 || words.some((w) => item.name.includes(w)));
console.log(`${set.length} images × ${ASPECTS.length} aspects, built in ${((performance.now() - builtAt) / 1000).toFixed(1)} s`);

const results: QualityResults = { crops: [], faces: [], analyses: [] };
const startedAt = performance.now();
for (const [i, item] of set.entries()) {
  await evaluateCase(item, croppers, results);
  process.stderr.write(`\r${i + 1}/${set.length} ${item.name}`.padEnd(60));
}
process.stderr.write('\n');
await close();

console.log(`\nRan in ${((performance.now() - startedAt) / 1000).toFixed(0)} s, load at the end ${load()}. A hit keeps ≥ 90 % of the best coverage a window of the same aspect and size could keep.\n`);
console.log(fullReport(results));
if (values.json !== undefined) {
  writeFileSync(values.json, JSON.stringify({ date: new Date().toISOString(), images: set.length, aspects: ASPECTS.map((a) => a.name), ...results }, null, 1));
  console.log(`\nwrote ${values.json}`);
}
