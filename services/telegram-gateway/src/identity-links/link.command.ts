import { defineCommand } from '../bot/command';
import { parseLinkProvider } from './link-args.parser';
import { CODE_MINUTES, type LinkDelivery } from './identity-links.service';

type LinkResult =
  | { where: 'private'; provider: string; code: string }
  | { where: 'group'; provider: string; delivery: LinkDelivery; botUsername: string };

/** /link <game>: in a private chat the code is the answer; in a group it goes privately. */
export const linkCommand = defineCommand({
  name: 'link',
  scope: 'memberOrPrivate',
  parse: ({ args }) => parseLinkProvider(args),
  run: async (request, { links }): Promise<LinkResult> => {
    const { args: provider, botUsername, t } = request;
    if (request.kind === 'private') {
      return { where: 'private', provider, code: await links.issue(await request.ensureUser(), provider) };
    }
    const codeText = (code: string) => t.linkCode({ provider, code, minutes: CODE_MINUTES });
    const delivery = await links.sendPrivately(request.member, provider, codeText, botUsername);
    return { where: 'group', provider, delivery, botUsername };
  },
  render: (result, t) => {
    const { provider } = result;
    if (result.where === 'private') return t.linkCode({ provider, code: result.code, minutes: CODE_MINUTES });
    switch (result.delivery) {
      case 'sent':
        return t.linkSent({ provider });
      case 'privateChatClosed':
        return t.linkOpenPrivateChat({ bot: result.botUsername });
      case 'notDelivered':
        return t.linkNotDelivered({ provider });
    }
  },
});
