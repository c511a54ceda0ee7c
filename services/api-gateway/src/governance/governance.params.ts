import { CursorSchema, PageSizeSchema, ProposalIdSchema } from '@ticketonomics/contracts';
import { intFromString } from '../http/route';

/** A proposal's number from the path ("3"). */
export const proposalNumber = () => intFromString(ProposalIdSchema);

/** The paging every governance list takes: `cursor` from the previous page, `limit` items at most. */
export const GovernancePageShape = {
  cursor: CursorSchema.optional(),
  limit: intFromString(PageSizeSchema).optional(),
};
