import { AccountsCommands, DomainError } from '@ticketonomics/contracts';
import type { Commands } from '../http/route';
import { KnownMemberships } from './known-memberships.cache';
import { requireLedgerMembers } from './member.check';

const COMMUNITY = 'c_guild';
const ANN = '01JAAAAAAAAAAAAAAAAAAAAAAA';
const BOB = '01JBBBBBBBBBBBBBBBBBBBBBBB';

/** Accounts as the check sees it: who has a membership, and every membership.get it was asked. */
function accounts(members: string[]) {
  const asked: string[] = [];
  const commands = {
    request: async (command: { subject: string }, payload: { userId: string }) => {
      expect(command.subject).toBe(AccountsCommands.membershipGet.subject);
      asked.push(payload.userId);
      if (!members.includes(payload.userId)) throw new DomainError('NOT_FOUND', 'no such membership');
      return { status: 'active' };
    },
  } as unknown as Commands;
  return { commands, asked, members };
}

describe('requireLedgerMembers', () => {
  it('asks accounts once per member: a membership, once seen, is never deleted', async () => {
    const { commands, asked } = accounts([ANN, BOB]);
    const known = new KnownMemberships();
    const pair = [
      { id: ANN, accountField: 'debitAccountId' },
      { id: BOB, accountField: 'creditAccountId' },
    ];
    await requireLedgerMembers(commands, known, COMMUNITY, pair);
    await requireLedgerMembers(commands, known, COMMUNITY, pair);
    expect(asked).toEqual([ANN, BOB]);
    // Another community's membership is its own question.
    await requireLedgerMembers(commands, known, 'c_other', [pair[0]!]);
    expect(asked).toEqual([ANN, BOB, ANN]);
  });

  it('keeps no refusal: a stranger is asked about again, and found once they join', async () => {
    const world = accounts([ANN]);
    const known = new KnownMemberships();
    const toBob = [{ id: BOB, accountField: 'creditAccountId' }];
    await expect(requireLedgerMembers(world.commands, known, COMMUNITY, toBob)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('creditAccountId: no account'),
    });
    world.members.push(BOB);
    await requireLedgerMembers(world.commands, known, COMMUNITY, toBob);
    expect(world.asked).toEqual([BOB, BOB]);
  });

  it('does not ask about an id that is no user id at all', async () => {
    const { commands, asked } = accounts([]);
    await expect(
      requireLedgerMembers(commands, new KnownMemberships(), COMMUNITY, [
        { id: 'ann marsh', accountField: 'accountId' },
      ]),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(asked).toEqual([]);
  });
});
