import { defineCommand } from '../bot/command';
import { parsePledgeArgs, parsePoolArgs } from './pool-args.parser';
import { fitSections } from './governance.format';

/** /pool: the open pools; /pool 3: one; /pool 500 3d [prize @member | artifact] <title>: a new pool. */
export const poolCommand = defineCommand({
  name: 'pool',
  scope: 'member',
  parse: ({ args, isReply }) => parsePoolArgs(args, isReply),
  run: async ({ args, member, chat, messageId, target }, { pools }) => {
    switch (args.kind) {
      case 'list':
        return { kind: 'list' as const, pools: await pools.open(member.communityId) };
      case 'show':
        return { kind: 'show' as const, pool: await pools.get(member.communityId, args.poolId) };
      case 'open': {
        const recipient = args.recipient === undefined ? undefined : await target(args.recipient);
        const pool = await pools.openPool(
          member,
          { chatId: chat.id, messageId },
          { ...args, ...(recipient === undefined ? {} : { recipientId: recipient.userId }) },
        );
        return { kind: 'opened' as const, pool };
      }
    }
  },
  render: (result, t) => {
    switch (result.kind) {
      case 'list':
        return result.pools.length === 0
          ? t.govPoolsEmpty
          : fitSections(
              [{ header: t.govPoolsHeader, cards: result.pools.map((pool) => t.govPool(pool)) }],
              (count) => t.govPoolsMore({ count }),
            );
      case 'show':
        return t.govPool(result.pool);
      case 'opened':
        return `${t.govPoolOpened}\n\n${t.govPool(result.pool)}`;
    }
  },
});

/** /pledge 3 50: hold 50 tickets for pool 3; the pledge that reaches the target pays the pool out. */
export const pledgeCommand = defineCommand({
  name: 'pledge',
  scope: 'member',
  parse: ({ args }) => parsePledgeArgs(args),
  run: async ({ args, member, chat, messageId }, { pools }) => ({
    amount: args.amount,
    pool: await pools.pledge(member, { chatId: chat.id, messageId }, args.poolId, args.amount),
  }),
  render: ({ amount, pool }, t) => `${t.govPledged({ amount, id: pool.id })}\n\n${t.govPool(pool)}`,
});
