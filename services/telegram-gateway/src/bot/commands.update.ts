import { Inject } from '@nestjs/common';
import { Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { CommandDeps } from './command.deps';
import { CommandRunner } from './command.runner';
import { COMMAND_NAMES, commandNamed } from './commands.table';

/**
 * The one place the command table meets Telegram: every name and alias in it goes to one nestjs-telegraf
 * handler, which finds the command by the name Telegram's entity gave and hands it to the runner.
 * Registered before ActivityUpdate, so a command never counts as an ordinary message.
 */
@Update()
export class CommandsUpdate {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(CommandDeps) private readonly deps: CommandDeps,
  ) {}

  /** Returns nothing: nestjs-telegraf would send a returned value as another reply. */
  @Command([...COMMAND_NAMES])
  async onCommand(@Ctx() ctx: Context & { command?: string }): Promise<void> {
    const command = commandNamed(ctx.command ?? '');
    if (command !== undefined) await this.runner.runCommand(ctx, command, this.deps);
  }
}
