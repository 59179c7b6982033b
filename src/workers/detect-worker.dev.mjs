// Used only when running the TypeScript sources (tests, benches): Node 20 does not apply
// `--import tsx` inside worker threads, so the worker registers tsx itself and loads the
// real entry. The published build runs dist/workers/detect-worker.js directly.
import { register } from 'tsx/esm/api';

register();
const entry = await import('./detect-worker.ts');
export default entry.default;
