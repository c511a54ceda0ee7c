import { AccountsEvents, LedgerEvents, type CloudEvent } from '@ticketonomics/contracts';
import { buildEvent } from '@ticketonomics/messaging';
import { accountToOpen, membershipOf, rewardToMint } from './accounts-events.applier';

const envelope = (spec: { type: string }, data: unknown): CloudEvent =>
  ({
    ...buildEvent(LedgerEvents.policyUpdated, {
      source: 't',
      communityId: 'c',
      subject: 's',
      data: LedgerEvents.policyUpdated.example,
    }),
    type: spec.type,
    data,
  }) as CloudEvent;

describe('accountToOpen', () => {
  it("opens a new community's system accounts", () => {
    const community = AccountsEvents.communityCreated.example;
    expect(accountToOpen(envelope(AccountsEvents.communityCreated, community))).toEqual({
      communityId: community.id,
      kind: 'treasury',
    });
  });

  it("opens a joining member's account", () => {
    const membership = AccountsEvents.membershipJoined.example;
    expect(accountToOpen(envelope(AccountsEvents.membershipJoined, membership))).toEqual({
      communityId: membership.communityId,
      kind: 'user',
      ownerId: membership.userId,
    });
  });

  it('needs nothing for other events, and rejects a malformed one as VALIDATION_FAILED', () => {
    expect(
      accountToOpen(envelope(AccountsEvents.userCreated, AccountsEvents.userCreated.example)),
    ).toBeNull();
    expect(() => accountToOpen(envelope(AccountsEvents.membershipJoined, { userId: 42 }))).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});

describe('rewardToMint', () => {
  it("mints a reward into the member's account, opened first", () => {
    const reward = AccountsEvents.activityRewarded.example;
    expect(rewardToMint(envelope(AccountsEvents.activityRewarded, reward))).toEqual({
      opening: { communityId: reward.communityId, kind: 'user', ownerId: reward.userId },
      mint: {
        id: 'tg-reward:-1001234567890:42',
        accountId: `user:${reward.communityId}:${reward.userId}`,
        amount: 1,
        memo: 'message reward',
      },
      kind: 'message',
      rewardedAt: Date.parse(reward.rewardedAt),
    });
  });

  it('mints nothing for other events, and rejects a malformed reward as VALIDATION_FAILED', () => {
    const membership = AccountsEvents.membershipJoined.example;
    expect(rewardToMint(envelope(AccountsEvents.membershipJoined, membership))).toBeNull();
    const reward = AccountsEvents.activityRewarded.example;
    for (const bad of [{ amount: 0 }, { mintId: 'a b' }, { userId: undefined }]) {
      expect(() => rewardToMint(envelope(AccountsEvents.activityRewarded, { ...reward, ...bad }))).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    }
  });
});

describe('membershipOf', () => {
  it('reads joined, left and role-changed as member facts, and nothing else', () => {
    const joined = AccountsEvents.membershipJoined.example;
    expect(membershipOf(envelope(AccountsEvents.membershipJoined, joined))).toEqual({
      membership: joined,
      change: 'joined',
    });
    const left = AccountsEvents.membershipLeft.example;
    expect(membershipOf(envelope(AccountsEvents.membershipLeft, left))?.change).toBe('left');
    const role = AccountsEvents.membershipRoleChanged.example;
    expect(membershipOf(envelope(AccountsEvents.membershipRoleChanged, role))).toEqual({
      membership: role,
      change: 'role',
    });
    const reward = AccountsEvents.activityRewarded.example;
    expect(membershipOf(envelope(AccountsEvents.activityRewarded, reward))).toBeNull();
  });
});
