/**
 * Who a message is really from, as Telegram delivers it: messages in forum topics (which reply to the topic's
 * root message), messages written as the group by an anonymous admin or on behalf of a channel, and admins
 * promoted or demoted while the bot runs. The real system runs behind the Bot API emulator.
 */
import { AccountsCommands, PROVIDER_TELEGRAM } from '@ticketonomics/contracts';
import { CHANNEL_BOT_USER, GROUP_ANONYMOUS_BOT_USER } from '@ticketonomics/telegram-emulator';
import { waitFor } from '@ticketonomics/testing';
import { startGatewayHarness, type GatewayHarness } from './support/gateway.harness';

const FORUM = -100_4001;
const GROUP = -100_4002;
const CHANNEL = { id: -100_4999, title: 'News Channel', username: 'newschannel' };
const ADMIN = 4001;
const BOB = 4002;
const CAROL = 4003;
const DAVE = 4004;

describe('telegram-gateway: topics, anonymous admins, channels and admin changes', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
    h.emulator.addChat({ id: FORUM, type: 'supergroup', title: 'Forum Club', isForum: true });
    h.emulator.addChat({ id: GROUP, type: 'supergroup', title: 'Plain Club' });
    h.emulator.addUser({ id: ADMIN, first_name: 'Alice', username: 'alice', language_code: 'en' });
    h.emulator.addUser({ id: BOB, first_name: 'Bob', username: 'bob', language_code: 'en' });
    h.emulator.addUser({ id: CAROL, first_name: 'Carol', username: 'carol', language_code: 'en' });
    h.emulator.addUser({ id: DAVE, first_name: 'Dave', username: 'dave', language_code: 'en' });
    for (const chat of [FORUM, GROUP]) {
      h.emulator.setMember(chat, ADMIN, 'creator');
      // Telegram sends chat_member updates only to an admin bot.
      h.emulator.setMember(chat, h.emulator.bot.id, 'administrator');
    }
    // Message rewards on in the plain group only, so a stand-in's post that earned would show there.
    for (const [chat, messageReward] of [
      [FORUM, 0],
      [GROUP, 1],
    ] as const) {
      await h.client.request(AccountsCommands.communityUpsert, { telegramChatId: String(chat), title: 'x' });
      await h.client.request(AccountsCommands.settingsSet, {
        communityId: `tg${chat}`,
        rewards: { messageReward, messageCooldownMs: 0 },
      });
    }
  });

  afterAll(async () => {
    await h?.close();
  });

  it('asks Telegram for chat_member updates when it starts polling', async () => {
    const poll = await h.emulator.waitForCall('getUpdates');
    expect(poll.params.allowed_updates).toEqual([
      'message',
      'callback_query',
      'my_chat_member',
      'chat_member',
    ]);
  });

  describe('in a forum topic', () => {
    let topic: number;

    beforeAll(async () => {
      // Bob opens the topic: he is the author of its root message, which every message in it replies to.
      topic = h.emulator.createForumTopic(FORUM, BOB, 'Lunch orders').message_id;
      for (const user of [BOB, CAROL]) expect((await h.say(FORUM, user, '/start')).text).toMatch(/^Welcome/);
      expect((await h.say(FORUM, ADMIN, '/mint @carol 50')).text).toBe(
        'Minted 50 tickets for @carol. Their balance: 50.',
      );
    });

    it('does not take /pay 10 for a payment to whoever opened the topic', async () => {
      const command = h.emulator.sendText(FORUM, CAROL, '/pay 10', { threadId: topic });
      // The emulator delivers it as Telegram does: a reply to the topic's root message, by Bob.
      expect(command.reply_to_message).toMatchObject({ message_id: topic, from: { id: BOB } });
      const reply = await h.emulator.waitForMessage(
        FORUM,
        (sent) => sent.reply_to_message_id === command.message_id,
        { timeoutMs: 15_000 },
      );
      expect(reply.text).toBe(
        'Who gets them? Name a @username or reply to their message. Usage: /pay @user 10 [memo]',
      );
      expect(reply.message_thread_id).toBe(topic);
      expect(await h.balanceOf(FORUM, CAROL)).toBe(50);
      expect(await h.balanceOf(FORUM, BOB)).toBe(0);
    });

    it('pays by reply to a message in the topic, and answers in that topic', async () => {
      const bobSays = h.emulator.sendText(FORUM, BOB, 'I ordered the pizza', { threadId: topic });
      const reply = await h.say(FORUM, CAROL, '/pay 7 pizza', { replyToMessageId: bobSays.message_id });
      expect(reply.text).toBe('Paid 7 tickets to @bob. Your balance: 43.');
      expect(reply.message_thread_id).toBe(topic);
      // Named explicitly, so the reply stays in the topic even if the command is deleted before it goes out.
      const call = h.emulator
        .calls('sendMessage')
        .find((sent) => sent.params.text === 'Paid 7 tickets to @bob. Your balance: 43.');
      expect(call?.params.message_thread_id).toBe(topic);
      expect(await h.balanceOf(FORUM, BOB)).toBe(7);
    });

    it('does not take an admin command in a topic for one about the topic opener', async () => {
      const reply = await h.say(FORUM, ADMIN, '/burn 5', { threadId: topic });
      expect(reply.text).toMatch(/^Who gets them\?/);
      expect(reply.message_thread_id).toBe(topic);
      expect(await h.balanceOf(FORUM, BOB)).toBe(7);
    });
  });

  describe('messages written as the group or a channel', () => {
    beforeAll(async () => {
      h.emulator.setMember(GROUP, BOB, 'administrator');
      for (const user of [CAROL, DAVE]) expect((await h.say(GROUP, user, '/start')).text).toMatch(/^Welcome/);
      expect((await h.say(GROUP, ADMIN, '/mint @carol 20')).text).toBe(
        'Minted 20 tickets for @carol. Their balance: 20.',
      );
    });

    it('tells an anonymous admin to turn anonymity off instead of running admin commands as anyone', async () => {
      const reply = await h.say(GROUP, BOB, '/mint @carol 1000', { anonymousAdmin: true });
      expect(reply.text).toBe(
        'You are writing as the group (anonymous admin), so I cannot tell who you are. To use commands, turn off "Remain anonymous" in your admin rights, or ask another admin.',
      );
      expect((await h.say(GROUP, ADMIN, '/balance', { anonymousAdmin: true })).text).toBe(reply.text);
      expect(await h.balanceOf(GROUP, CAROL)).toBe(20);
    });

    it('does not let a channel pay or hold tickets, and says why', async () => {
      const reply = await h.say(GROUP, DAVE, '/pay @carol 1', { onBehalfOfChannel: CHANNEL });
      expect(reply.text).toBe(
        'You are writing on behalf of a channel, and tickets belong to people. Write from your own account to use this command.',
      );
      expect((await h.say(GROUP, DAVE, '/daily', { onBehalfOfChannel: CHANNEL })).text).toBe(reply.text);
    });

    it('finds no member to pay in a reply to a message written as the group or a channel', async () => {
      const fromChannel = h.emulator.sendText(GROUP, DAVE, 'Big news today, everyone', {
        onBehalfOfChannel: CHANNEL,
      });
      expect(fromChannel.from).toEqual(CHANNEL_BOT_USER);
      const notMember =
        'That message was sent on behalf of the group or a channel, not by a member. Name the member with @username instead.';
      expect((await h.say(GROUP, CAROL, '/pay 3', { replyToMessageId: fromChannel.message_id })).text).toBe(
        notMember,
      );
      const fromGroup = h.emulator.sendText(GROUP, BOB, 'Rules changed, read the pin', {
        anonymousAdmin: true,
      });
      expect(fromGroup.from).toEqual(GROUP_ANONYMOUS_BOT_USER);
      expect((await h.say(GROUP, CAROL, '/pay 3', { replyToMessageId: fromGroup.message_id })).text).toBe(
        notMember,
      );
      expect(await h.balanceOf(GROUP, CAROL)).toBe(20);
    });

    it('makes no member and gives no reward for what the stand-in senders write', async () => {
      h.emulator.sendText(GROUP, DAVE, 'A long enough channel post to earn', { onBehalfOfChannel: CHANNEL });
      h.emulator.sendText(GROUP, BOB, 'A long enough anonymous admin post to earn', { anonymousAdmin: true });
      // An ordinary message after them, to know they were handled.
      const marker = h.emulator.sendText(GROUP, CAROL, 'An ordinary member message that earns');
      await waitFor(
        async () =>
          (await h.rewardsDecided()).some(
            (reward) => reward.mintId === `tg-reward:${GROUP}:${marker.message_id}`,
          ),
        { timeoutMs: 15_000, description: "the member's reward decided" },
      );
      const decided = (await h.rewardsDecided()).map((reward) => reward.mintId);
      expect(decided.filter((mintId) => mintId.startsWith(`tg-reward:${GROUP}:`))).toEqual([
        `tg-reward:${GROUP}:${marker.message_id}`,
      ]);
      for (const standIn of [CHANNEL_BOT_USER, GROUP_ANONYMOUS_BOT_USER]) {
        await expect(
          h.client.request(AccountsCommands.userFind, {
            provider: PROVIDER_TELEGRAM,
            externalId: String(standIn.id),
          }),
        ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      }
    });
  });

  describe('admins promoted and demoted in Telegram', () => {
    it("drops a demoted admin's rights at once, not when the admin cache expires", async () => {
      h.emulator.changeMember(GROUP, DAVE, 'administrator', ADMIN);
      expect((await h.say(GROUP, DAVE, '/mint @dave 10')).text).toBe(
        'Minted 10 tickets for @dave. Their balance: 10.',
      );
      h.emulator.changeMember(GROUP, DAVE, 'member', ADMIN);
      expect((await h.say(GROUP, DAVE, '/mint @dave 10')).text).toBe('Only the group admins can do that.');
      expect(await h.balanceOf(GROUP, DAVE)).toBe(10);
    });

    it('lets a newly promoted member use admin commands at once, though refused a moment before', async () => {
      expect((await h.say(GROUP, CAROL, '/freeze @dave')).text).toBe('Only the group admins can do that.');
      // The refusal above is cached; only the update can change it within the minute.
      h.emulator.changeMember(GROUP, CAROL, 'administrator', ADMIN);
      expect((await h.say(GROUP, CAROL, '/freeze @dave')).text).toBe(
        '@dave is frozen: they can receive tickets but cannot pay.',
      );
    });
  });
});
