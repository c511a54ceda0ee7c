import { defineCommand, noArgs } from '../bot/command';
import type { Messages } from '../i18n/messages.en';
import type { DailyOutcome } from './rewards.service';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export const dailyCommand = defineCommand({
  name: 'daily',
  scope: 'member',
  parse: noArgs,
  run: ({ member }, { rewards }) => rewards.daily(member),
  render: dailyText,
});

function dailyText(outcome: DailyOutcome, t: Messages): string {
  switch (outcome.kind) {
    case 'barred':
      return t.dailyBarred;
    case 'off':
      return t.dailyOff;
    case 'already':
      return t.dailyAlready({
        hours: Math.floor(outcome.waitMs / HOUR_MS),
        minutes: Math.ceil((outcome.waitMs % HOUR_MS) / MINUTE_MS),
      });
    case 'claimed': {
      const { amount, streak, balance } = outcome;
      return balance === null
        ? t.dailyClaimedLater({ amount, streak })
        : t.dailyClaimed({ amount, streak, balance });
    }
  }
}
