/**
 * Runs `task` over `items` with at most `concurrency` in flight, and hands each result to `emit`
 * in the order of `items` as soon as every earlier one has been emitted, so output streams in
 * input order whatever order tasks finish in. `task` should not reject: a rejection ends the run.
 */
export async function runInOrder<T, R>(
  items: readonly T[],
  options: { readonly concurrency: number; readonly task: (item: T, index: number) => Promise<R>; readonly emit: (result: R, index: number) => void },
): Promise<void> {
  const finished = new Map<number, R>();
  let next = 0;
  let emitted = 0;
  const runner = async () => {
    while (next < items.length) {
      const index = next++;
      finished.set(index, await options.task(items[index] as T, index));
      while (finished.has(emitted)) {
        const result = finished.get(emitted) as R;
        finished.delete(emitted);
        options.emit(result, emitted++);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, items.length)) }, runner));
}
