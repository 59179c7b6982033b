import type { Command } from 'commander';
import { isPlan, PLANS } from '../accounts/plans.js';
import { createQuota } from '../accounts/quota.js';
import { AppError, invalidParameter } from '../errors/app-error.js';
import type { CliContext } from './cli-context.js';
import { parseWorkspaceId, withAccounts } from './users-command.js';

/** `convertly plans set WORKSPACE PLAN` and `convertly plans list`. */
export function registerPlansCommand(program: Command, context: CliContext): void {
  const plans = program.command('plans').description(`workspace plans (${PLANS.join(', ')}) and their monthly quotas`);

  plans
    .command('set')
    .description('put a workspace on a plan (takes effect on the next operation)')
    .argument('<workspace>', 'workspace id')
    .argument('<plan>', PLANS.join(', '))
    .action(async (workspaceArg: string, plan: string) => {
      const workspaceId = parseWorkspaceId(workspaceArg);
      if (!isPlan(plan)) throw invalidParameter('plan', PLANS.join(', '), plan);
      await withAccounts(context, async (accounts) => {
        if (!(await accounts.workspaces.setPlan(workspaceId, plan))) throw new AppError('not_found', `No workspace ${workspaceId}`);
        context.stdout(`${workspaceId} is on the ${plan} plan (${context.config.quotas[plan]} media operations a month)`);
      });
    });

  plans
    .command('list')
    .description('list workspaces with their plan and this month\'s usage')
    .action(async () => {
      await withAccounts(context, async (accounts) => {
        const quota = createQuota(accounts, context.config.quotas);
        for (const workspace of await accounts.workspaces.listWorkspaces()) {
          const status = await quota.status(workspace.id);
          context.stdout([workspace.id, status.plan, `${status.used}/${status.limit}`, status.period.key].join('\t'));
        }
      });
    });
}
