import { CloudEventSchema } from '../cloudevent';
import { parseOrThrow } from '../validation';
import { AccountsEvents, accountsEventAddress, dailyRewardMintId } from './accounts.events';
import { GLOBAL_COMMUNITY_ID } from './accounts.schemas';

const events = Object.entries(AccountsEvents);

describe('AccountsEvents', () => {
  it('uses unique types of the form tk.evt.accounts.<entity>.<verb>, valid as CloudEvent types', () => {
    const types = events.map(([, spec]) => spec.type);
    for (const type of types) {
      expect(type).toMatch(/^tk\.evt\.accounts\.[a-z]+\.[a-z-]+$/);
      expect(CloudEventSchema.shape.type.safeParse(type).success).toBe(true);
    }
    expect(new Set(types).size).toBe(types.length);
  });

  it.each(events)('%s has a summary and an example its data schema accepts', (_key, spec) => {
    expect(spec.summary.length).toBeGreaterThan(10);
    expect(() => parseOrThrow(spec.data, spec.example)).not.toThrow();
  });

  it.each(events)(
    '%s example travels in a valid CloudEvent envelope addressed from its data',
    (_key, spec) => {
      const { subject, communityId } = accountsEventAddress(spec, spec.example);
      const envelope = {
        specversion: '1.0',
        id: '01KAZQ6T000000000000000001',
        source: 'ticketonomics/accounts',
        type: spec.type,
        time: '2026-11-28T12:00:00.000Z',
        subject,
        datacontenttype: 'application/json',
        communityid: communityId,
        data: spec.example,
      };
      expect(CloudEventSchema.extend({ data: spec.data }).safeParse(envelope).success).toBe(true);
    },
  );

  it('addresses user events to the user and no community, the others to their community', () => {
    const user = AccountsEvents.userCreated.example;
    expect(accountsEventAddress(AccountsEvents.userCreated, user)).toEqual({
      subject: user.id,
      communityId: GLOBAL_COMMUNITY_ID,
    });
    expect(
      accountsEventAddress(AccountsEvents.identityLinked, AccountsEvents.identityLinked.example),
    ).toEqual({ subject: user.id, communityId: GLOBAL_COMMUNITY_ID });
    const membership = AccountsEvents.membershipJoined.example;
    expect(accountsEventAddress(AccountsEvents.membershipJoined, membership)).toEqual({
      subject: membership.userId,
      communityId: membership.communityId,
    });
    const community = AccountsEvents.communityCreated.example;
    expect(accountsEventAddress(AccountsEvents.communityCreated, community)).toEqual({
      subject: community.id,
      communityId: community.id,
    });
  });

  it('rejects event data with unknown fields, so the schemas document every field sent', () => {
    for (const [, spec] of events) {
      expect(spec.data.safeParse({ ...(spec.example as object), extra: 1 }).success).toBe(false);
    }
  });

  describe('activity.rewarded', () => {
    const spec = AccountsEvents.activityRewarded;
    const example = spec.example;

    it('accepts a daily bonus as well as a message reward', () => {
      const daily = {
        ...example,
        mintId: dailyRewardMintId(example.communityId, example.userId, example.day),
        kind: 'daily',
        amount: 14,
        memo: 'daily bonus, day 3',
      };
      expect(spec.data.safeParse(daily).success).toBe(true);
      expect(daily.mintId).toBe(`tg-daily:tg-1001234567890:${example.userId}:2026-11-28`);
    });

    it.each([
      ['mintId', { mintId: '' }],
      ['mintId', { mintId: 'tg-reward/-100:1' }],
      ['mintId', { mintId: 'x'.repeat(129) }],
      ['communityId', { communityId: 'tg 100' }],
      ['userId', { userId: 'alice' }],
      ['kind', { kind: 'bonus' }],
      ['amount', { amount: 0 }],
      ['amount', { amount: 1.5 }],
      ['amount', { amount: '1' }],
      ['memo', { memo: 'x'.repeat(257) }],
      ['day', { day: '28.11.2026' }],
      ['rewardedAt', { rewardedAt: 'yesterday' }],
    ])('rejects a bad %s', (field, change) => {
      const result = spec.data.safeParse({ ...example, ...change });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path[0]).toBe(field);
    });

    it('rejects data missing a field the ledger needs to mint', () => {
      for (const field of ['mintId', 'communityId', 'userId', 'amount', 'kind']) {
        const { [field as keyof typeof example]: _dropped, ...rest } = example;
        expect(spec.data.safeParse(rest).success).toBe(false);
      }
    });

    it('is addressed to the member in their community', () => {
      expect(accountsEventAddress(spec, example)).toEqual({
        subject: example.userId,
        communityId: example.communityId,
      });
    });
  });
});
