import type { Command } from 'commander';
import { AppError } from '../errors/app-error.js';
import { parseOriginList } from '../accounts/parse-origin-list.js';
import type { CliContext } from './cli-context.js';
import { parseWorkspaceId, withAccounts } from './users-command.js';

interface CreateFlags {
  readonly delivery?: boolean;
  readonly name?: string;
  readonly origin?: string[];
  readonly workspace?: string;
}

/** `convertly keys create|list|revoke`: API keys (secret) and delivery keys (public, render-only). */
export function registerKeysCommand(program: Command, context: CliContext): void {
  const keys = program.command('keys').description('manage API keys and delivery keys');

  keys
    .command('create')
    .description('create a key and print its token once on stdout (details on stderr)')
    .option('--delivery', 'a public, render-only delivery key (cvdk_…) instead of a secret API key (cvly_…)')
    .option('--name <name>', 'a label to recognise it by')
    .option('--origin <url...>', 'delivery keys only: origins allowed to use it (https://shop.example.com, https://*.example.com)')
    .option('--workspace <id>', 'workspace (default: ws_default)')
    .action(async (flags: CreateFlags) => {
      const kind = flags.delivery === true ? 'delivery' : 'api';
      const allowedOrigins = parseOriginList(kind, flags.origin ?? []);
      const workspaceId = parseWorkspaceId(flags.workspace);
      await withAccounts(context, async (accounts) => {
        if ((await accounts.workspaces.getWorkspace(workspaceId)) === null) throw new AppError('not_found', `No workspace ${workspaceId}`);
        const name = flags.name?.trim() || `${kind} key`;
        const created = await accounts.keys.createKey({ workspaceId, kind, name, allowedOrigins });
        const origins = allowedOrigins.length === 0 ? 'any origin' : allowedOrigins.join(' ');
        context.stderr(`created ${kind} key ${created.key.id} "${name}" in ${workspaceId}${kind === 'delivery' ? ` (${origins})` : ''}; the token is shown once:`);
        context.stdout(created.token);
      });
    });

  keys
    .command('list')
    .description('list keys (id, kind, workspace, name, origins, created, revoked)')
    .option('--workspace <id>', 'only this workspace')
    .action(async (flags: { workspace?: string }) => {
      const workspaceId = flags.workspace === undefined ? null : parseWorkspaceId(flags.workspace);
      await withAccounts(context, async (accounts) => {
        for (const key of await accounts.keys.listKeys(workspaceId)) {
          const origins = key.allowedOrigins.join(',') || '-';
          context.stdout([key.id, key.kind, key.workspaceId, key.name, origins, key.createdAt, key.revokedAt ?? 'active'].join('\t'));
        }
      });
    });

  keys
    .command('revoke')
    .description('revoke a key by id (running servers stop accepting it within a second)')
    .argument('<id>', 'the key id shown by keys list (cvly_… or cvdk_… and 8 characters)')
    .action(async (id: string) => {
      await withAccounts(context, async (accounts) => {
        const revoked = await accounts.revokeKey(null, id);
        if (revoked === null) throw new AppError('not_found', `No key ${id}`);
        context.stdout(`revoked ${revoked.id} at ${revoked.revokedAt ?? ''}`);
      });
    });
}
