// A tiny observable state holder for one page: `set` merges and notifies every subscriber.

/**
 * @template {object} T
 * @param {T} initial
 */
export function createStore(initial) {
  let state = { ...initial };
  const listeners = new Set();
  return {
    /** @returns {T} */
    get: () => state,
    /** @param {Partial<T>} patch */
    set(patch) {
      const previous = state;
      state = { ...state, ...patch };
      for (const listener of listeners) listener(state, previous);
    },
    /** @param {(state: T, previous: T) => void} listener */
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
