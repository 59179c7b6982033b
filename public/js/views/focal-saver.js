// Saves the focal point while it is being dragged: the newest point wins, at most one PUT is in
// flight, and intermediate points are debounced, so a drag costs a handful of requests.
import { clearFocal, setFocal } from '../api.js';
import { showError } from '../dom.js';

const DRAG_DEBOUNCE_MS = 250;

/**
 * @param {{ store: ReturnType<typeof import('../store.js').createStore>, signal: AbortSignal }} options
 */
export function createFocalSaver({ store, signal }) {
  /** @type {{ kind: 'set', point: {x:number,y:number} } | { kind: 'clear' } | null} */
  let pending = null;
  let inFlight = false;
  let timer = 0;

  async function flush() {
    clearTimeout(timer);
    if (inFlight || pending === null || signal.aborted) return;
    const job = pending;
    pending = null;
    inFlight = true;
    try {
      const { file } = store.get();
      const updated = job.kind === 'set' ? await setFocal(file.id, job.point) : await clearFocal(file.id);
      if (signal.aborted) return;
      // While more points are queued the draft stays what the user sees; the file still moves on.
      store.set({ file: updated, draft: pending === null ? null : store.get().draft });
    } catch (error) {
      showError(error);
      if (pending === null) store.set({ draft: null });
    } finally {
      inFlight = false;
      if (pending !== null) void flush();
    }
  }

  signal.addEventListener('abort', () => clearTimeout(timer));

  return {
    /** Shows `point` at once and saves it: now when `final`, else after a short pause. */
    move(point, { final }) {
      store.set({ draft: point });
      pending = { kind: 'set', point };
      clearTimeout(timer);
      if (final) void flush();
      else timer = setTimeout(() => void flush(), DRAG_DEBOUNCE_MS);
    },
    clear() {
      store.set({ draft: null });
      pending = { kind: 'clear' };
      void flush();
    },
  };
}
