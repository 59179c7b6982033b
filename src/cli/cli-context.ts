import type { Config } from '../config/config.js';

/** What every command gets: the configuration and where to print (swappable in tests). */
export interface CliContext {
  readonly config: Config;
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  /** Standard input for `-` as an input (default process.stdin). */
  readonly stdin?: AsyncIterable<Buffer | string>;
  /** Standard output for bytes, `-o -` (default process.stdout). */
  readonly stdoutBytes?: NodeJS.WritableStream & { isTTY?: boolean };
}
