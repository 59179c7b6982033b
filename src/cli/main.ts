import { Command, CommanderError } from 'commander';
import { loadConfig } from '../config/config.js';
import { isAppError } from '../errors/app-error.js';
import { registerAnalyzeCommand } from './analyze-command.js';
import type { CliContext } from './cli-context.js';
import { registerKeysCommand } from './keys-command.js';
import { registerPlansCommand } from './plans-command.js';
import { registerMigrateUrlCommand } from './migrate-url-command.js';
import { registerRenderCommand } from './render-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerSourcesCommand } from './sources-command.js';
import { registerPresetsCommand } from './presets-command.js';
import { registerStorageCommand } from './storage-command.js';
import { registerUsersCommand } from './users-command.js';
import { packageVersion } from '../config/package-version.js';

/** Builds the `convertly` program; commands register themselves from their own modules. */
export function createProgram(context: CliContext): Command {
  const program = new Command('convertly')
    .description('Self-hostable image service: render any crop, analyse faces, focal point and palette')
    .version(packageVersion(), '-v, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeErr: (text) => context.stderr(text.trimEnd()), writeOut: (text) => context.stdout(text.trimEnd()) });
  registerRenderCommand(program, context);
  registerServeCommand(program, context);
  registerAnalyzeCommand(program, context);
  registerUsersCommand(program, context);
  registerKeysCommand(program, context);
  registerPlansCommand(program, context);
  registerMigrateUrlCommand(program, context);
  registerSourcesCommand(program, context);
  registerPresetsCommand(program, context);
  registerStorageCommand(program, context);
  return program;
}

/** Turns any failure into one clear line on stderr; returns the exit code. */
export function describeFailure(error: unknown): { line: string; code: number } {
  if (isAppError(error)) return { line: `convertly: ${error.code}: ${error.message}`, code: 1 };
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') return { line: `convertly: ${(error as Error).message}`, code: 1 };
  return { line: `convertly: internal_error: ${error instanceof Error ? error.message : String(error)}`, code: 70 };
}

export async function main(argv: readonly string[]): Promise<number> {
  const context: CliContext = {
    config: loadConfig(),
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  };
  try {
    await createProgram(context).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    // Commander already printed its own usage message.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const failure = describeFailure(error);
    context.stderr(failure.line);
    return failure.code;
  }
}
