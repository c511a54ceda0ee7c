/**
 * What a button press does: replace the message that had the button (with a new keyboard, or none, and
 * optionally a brief notice to the presser), or only pop up a notice.
 */
export type ButtonOutcome = { edit: string; replyMarkup?: unknown; notice?: string } | { alert: string };
