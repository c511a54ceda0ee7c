const DAY_MS = 86_400_000;

/** The bounds a member must meet when a proposal opens at `nowMs`: joined by, and active since (or null). */
export function eligibilityCut(
  nowMs: number,
  rules: { membershipDaysMin: number; activityDays: number | null },
): { joinedBy: number; activeSince: number | null } {
  return {
    joinedBy: nowMs - rules.membershipDaysMin * DAY_MS,
    activeSince: rules.activityDays === null ? null : nowMs - rules.activityDays * DAY_MS,
  };
}
