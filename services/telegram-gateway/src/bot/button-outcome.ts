/** What a button press does: replace the message that had the button, or only pop up a notice. */
export type ButtonOutcome = { edit: string } | { alert: string };
