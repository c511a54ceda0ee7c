import { ArtifactNumberSchema, CursorSchema, PageSizeSchema } from '@ticketonomics/contracts';
import { z } from 'zod';
import { intFromString } from '../http/route';

/** The paging every artifacts list takes: `cursor` from the previous page, `limit` items at most. */
export const PageQuerySchema = z.strictObject({
  cursor: CursorSchema.optional(),
  limit: intFromString(PageSizeSchema).optional(),
});

/** A type, edition, shop item, listing or trade number from the path ("17"). */
export const artifactNumber = () => intFromString(ArtifactNumberSchema);
