import { CommunityIdSchema, IsoTimeSchema } from '@ticketonomics/contracts';
import { z } from 'zod';
import { HttpErrorCodeSchema } from '../http/http-error';

/** JetStream stream of the gateway's audit log: one subject per community, `tk.audit.<community>`. */
export const AUDIT_STREAM = 'AUDIT';
export const AUDIT_SUBJECTS = 'tk.audit.>';
/** Requests that name no valid community (a bad path, no key) are filed here. */
export const AUDIT_NO_COMMUNITY = '_none';

export function auditSubject(communityId: string | null): string {
  return `tk.audit.${communityId ?? AUDIT_NO_COMMUNITY}`;
}

/** One request as the audit log keeps it: who, what, and how it ended. Never a key, body or secret. */
export const AuditEntrySchema = z.strictObject({
  time: IsoTimeSchema,
  /** null when no valid key was presented. */
  keyId: z.string().nullable(),
  communityId: CommunityIdSchema.nullable(),
  method: z.string(),
  /** The route pattern (`/v1/communities/:communityId/transfers`), or null for an unknown path. */
  route: z.string().nullable(),
  status: z.int(),
  errorCode: HttpErrorCodeSchema.nullable(),
  durationMs: z.number().nonnegative(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** An entry read back, with its stream sequence (the cursor of the next page). */
export const StoredAuditEntrySchema = AuditEntrySchema.extend({ seq: z.int().positive() });
export type StoredAuditEntry = z.infer<typeof StoredAuditEntrySchema>;
