// The bench's groups and members in the emulator: member i writes in group i % groups, so every group
// gets its share of a burst. Ids are far from the emulator's defaults and from the baseline's.
const GROUP_ID_BASE = -1_000_000_000_000;
const MEMBER_ID_BASE = 5_000_000_000;

export function addGroupsAndMembers(emulator, { groups, members, offset = 0 }) {
  const chatIds = [];
  for (let g = 0; g < groups; g += 1) {
    const id = GROUP_ID_BASE - offset - g;
    emulator.addChat({ id, type: 'supergroup', title: `Bench group ${g + 1}` });
    chatIds.push(id);
  }
  const userIds = [];
  for (let i = 0; i < members; i += 1) {
    const id = MEMBER_ID_BASE + offset + i;
    emulator.addUser({ id, first_name: `Member${i}`, username: `bench_member_${offset + i}` });
    emulator.setMember(chatIds[i % groups], id, 'member');
    userIds.push(id);
  }
  return { chatIds, userIds, chatOf: (i) => chatIds[i % groups] };
}
