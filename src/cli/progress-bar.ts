/** Where a progress bar draws: a terminal stream (process.stderr) or a test double. */
export interface ProgressOutput {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressBar {
  /** Records the counts so far and redraws (at most every `redrawMs`, and always on the last item). */
  update(done: number, failed: number): void;
  /** Runs `print` (which writes whole lines to the same terminal) with the bar lifted out of its way, then redraws it. */
  printAbove(print: () => void): void;
  /** Draws the final counts and ends the line. */
  finish(): void;
}

export interface ProgressBarOptions {
  readonly total: number;
  readonly output: ProgressOutput;
  readonly label?: string;
  /** Width of the bar in characters. */
  readonly width?: number;
  readonly redrawMs?: number;
  /** Milliseconds clock (swappable in tests). */
  readonly now?: () => number;
}

/** The text of one progress line, e.g. `analyze [██████░░░░] 12/40  1 failed  3.4 images/s`. */
export function formatProgress(state: { label: string; done: number; failed: number; total: number; elapsedMs: number; width: number }): string {
  const share = state.total > 0 ? Math.min(1, state.done / state.total) : 1;
  const filled = Math.round(share * state.width);
  const bar = '█'.repeat(filled) + '░'.repeat(state.width - filled);
  // A rate over the first instants (a missing file fails in microseconds) would be noise.
  const rate = state.elapsedMs >= 500 ? ((state.done * 1000) / state.elapsedMs).toFixed(1) : '–';
  return `${state.label} [${bar}] ${state.done}/${state.total}  ${state.failed} failed  ${rate} images/s`;
}

/** A one-line progress bar redrawn in place with `\r`; draws nothing at all unless the output is a terminal. */
export function createProgressBar(options: ProgressBarOptions): ProgressBar {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const redrawMs = options.redrawMs ?? 100;
  const enabled = options.output.isTTY === true;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let done = 0;
  let failed = 0;
  let ended = false;
  let drawn = false;
  const draw = () => {
    const line = formatProgress({ label: options.label ?? 'analyze', done, failed, total: options.total, elapsedMs: now() - started, width: options.width ?? 24 });
    // \x1b[K clears what a longer previous line left to the right.
    options.output.write(`\r${line}\x1b[K`);
    lastDraw = now();
    drawn = true;
  };
  return {
    update(doneNow, failedNow) {
      done = doneNow;
      failed = failedNow;
      if (enabled && !ended && (done >= options.total || now() - lastDraw >= redrawMs)) draw();
    },
    printAbove(print) {
      if (!drawn || ended) return print();
      options.output.write('\r\x1b[K');
      print();
      draw();
    },
    finish() {
      if (!enabled || ended) return;
      ended = true;
      draw();
      options.output.write('\n');
    },
  };
}
