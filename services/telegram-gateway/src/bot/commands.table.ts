import { apiKeyCommand } from '../api-keys/apikey.command';
import { burnCommand, fineCommand, mintCommand } from '../admin/supply.commands';
import { freezeCommand, reverseCommand, unfreezeCommand } from '../admin/account.commands';
import { newArtifactCommand, restockCommand } from '../artifacts/artifact-admin.commands';
import {
  artifactCommand,
  buyCommand,
  giftCommand,
  inventoryCommand,
  marketCommand,
  sellCommand,
  shopCommand,
  unlistCommand,
} from '../artifacts/artifacts.commands';
import { tradeCommand, tradesCommand } from '../artifacts/trade.commands';
import { balanceCommand, historyCommand, meCommand } from '../balance/balance.commands';
import { economyCommand, statsCommand, topCommand } from '../economy/economy.commands';
import {
  governanceCommand,
  proposalsCommand,
  proposeCommand,
  vetoCommand,
  voteCommand,
} from '../governance/governance.commands';
import { pledgeCommand, poolCommand } from '../governance/pools.commands';
import { linkCommand } from '../identity-links/link.command';
import { payCommand } from '../payments/pay.command';
import { dailyCommand } from '../rewards/daily.command';
import { settingsCommand } from '../settings/settings.command';
import { helpCommand, startCommand } from '../start/start.commands';
import type { AnyCommand } from './command';

/**
 * Every command of the bot, in the order /help and Telegram's command menu list them. Adding a command is
 * a spec in its feature folder (defineCommand) and a line here; its description lives in the catalogues'
 * `commands`.
 */
export const COMMANDS: readonly AnyCommand[] = [
  startCommand,
  helpCommand,
  balanceCommand,
  payCommand,
  dailyCommand,
  topCommand,
  statsCommand,
  economyCommand,
  meCommand,
  historyCommand,
  linkCommand,
  proposalsCommand,
  proposeCommand,
  voteCommand,
  governanceCommand,
  poolCommand,
  pledgeCommand,
  mintCommand,
  burnCommand,
  fineCommand,
  reverseCommand,
  freezeCommand,
  unfreezeCommand,
  settingsCommand,
  vetoCommand,
  shopCommand,
  buyCommand,
  inventoryCommand,
  artifactCommand,
  giftCommand,
  sellCommand,
  marketCommand,
  unlistCommand,
  tradeCommand,
  tradesCommand,
  newArtifactCommand,
  restockCommand,
  apiKeyCommand,
];

const BY_NAME = new Map<string, AnyCommand>(
  COMMANDS.flatMap((command) => [command.name, ...(command.aliases ?? [])].map((name) => [name, command])),
);

/** Every name the bot answers to, aliases included. */
export const COMMAND_NAMES: readonly string[] = [...BY_NAME.keys()];

export function commandNamed(name: string): AnyCommand | undefined {
  return BY_NAME.get(name);
}
