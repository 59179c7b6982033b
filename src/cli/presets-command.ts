import type { Command } from 'commander';
import { AppError } from '../errors/app-error.js';
import { parsePresetName, parsePresetParams } from '../params/preset.js';
import { openDatabase } from '../services/create-services.js';
import { createPresetsRepository, type PresetRecord, type PresetsRepository } from '../storage/index.js';
import type { CliContext } from './cli-context.js';
import { parseWorkspaceId } from './users-command.js';

/** One line per preset: name, parameters as a query string, last changed. */
function describe(preset: PresetRecord): string {
  return [preset.name, new URLSearchParams(preset.params).toString(), preset.updatedAt].join('\t');
}

/** `convertly presets add|list|remove`: named transformations used as `preset=NAME` (and Cloudinary `t_NAME`). */
export function registerPresetsCommand(program: Command, context: CliContext): void {
  const presets = program.command('presets').description('manage presets: named transformations used as preset=NAME on /cdn, /src and Cloudinary t_NAME');
  const withPresets = async <T>(work: (repository: PresetsRepository) => Promise<T>) => {
    const database = await openDatabase(context.config);
    try {
      return await work(createPresetsRepository(database.db));
    } finally {
      await database.destroy();
    }
  };

  presets
    .command('add')
    .description('create a preset, or replace the parameters of the one of that name (URLs using it get new ETags)')
    .argument('<name>', 'the preset name: letters, digits, "_" and "-"')
    .argument('<params>', "render parameters as in a URL: 'w=300&h=300&gravity=face'")
    .option('--workspace <id>', 'workspace (default: ws_default)')
    .action(async (rawName: string, rawParams: string, flags: { workspace?: string }) => {
      const workspaceId = parseWorkspaceId(flags.workspace);
      const name = parsePresetName(rawName);
      const params = parsePresetParams(rawParams.startsWith('?') ? rawParams.slice(1) : rawParams);
      await withPresets(async (repository) => {
        const { preset, created } = await repository.savePreset(workspaceId, name, params);
        context.stderr(`${created ? 'added' : 'replaced'} preset ${preset.name} in ${workspaceId}; use it as /cdn/{fileId}?preset=${preset.name}`);
        context.stdout(describe(preset));
      });
    });

  presets
    .command('list')
    .description('list presets (name, parameters, last changed)')
    .option('--workspace <id>', 'workspace (default: ws_default)')
    .action(async (flags: { workspace?: string }) => {
      const workspaceId = parseWorkspaceId(flags.workspace);
      await withPresets(async (repository) => {
        for (const preset of await repository.listPresets(workspaceId)) context.stdout(describe(preset));
      });
    });

  presets
    .command('remove')
    .description('remove a preset (URLs naming it then answer 400)')
    .argument('<name>', 'the preset name')
    .option('--workspace <id>', 'workspace (default: ws_default)')
    .action(async (name: string, flags: { workspace?: string }) => {
      const workspaceId = parseWorkspaceId(flags.workspace);
      await withPresets(async (repository) => {
        if ((await repository.deletePreset(workspaceId, name)) === null) throw new AppError('not_found', `No preset ${name} in ${workspaceId}`);
        context.stdout(`removed preset ${name}`);
      });
    });
}
