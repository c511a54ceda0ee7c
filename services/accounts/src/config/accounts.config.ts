import { BaseEnvSchema, PortSchema } from '@ticketonomics/runtime';
import { z } from 'zod';

export const AccountsConfigSchema = BaseEnvSchema.extend({
  HTTP_PORT: PortSchema.default(3002),
});

export type AccountsConfig = z.output<typeof AccountsConfigSchema>;
