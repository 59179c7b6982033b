import { renderTimeout } from '../engine/source-info.js';
import { createDeadline, type Deadline } from '../shared/deadline.js';

/** A render's deadline, `timeoutMs` from now (RENDER_TIMEOUT_MS on the server); past it the render fails with 503 render_timeout. */
export function renderDeadline(timeoutMs: number): Deadline {
  return createDeadline(timeoutMs, () => renderTimeout());
}
