import { defineCommand, noArgs, withWallet } from '../bot/command';

/** /start: in a group the sender joins its economy; in a private chat the bot says where it works. */
export const startCommand = defineCommand({
  name: 'start',
  scope: 'memberOrPrivate',
  parse: noArgs,
  run: async (request) => ({
    inGroup: request.kind === 'member',
    name: request.kind === 'member' ? request.member.displayName : request.displayName,
  }),
  render: ({ inGroup, name }, t, tools) =>
    withWallet(inGroup ? `${t.start({ name })}\n\n${tools.helpText()}` : t.startPrivate({ name }), tools),
});

export const helpCommand = defineCommand({
  name: 'help',
  scope: 'anyone',
  parse: noArgs,
  run: async () => undefined,
  render: (_result, _t, { helpText }) => helpText(),
});
