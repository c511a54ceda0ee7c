import { z } from 'zod';

/** Settings every service reads from its environment. */
export const BaseEnvSchema = z.object({
  NATS_URL: z
    .string()
    .regex(/^(nats|tls):\/\/[^\s]+$/, { error: 'must be a NATS URL such as nats://127.0.0.1:4222' })
    .default('nats://127.0.0.1:4222'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
});

export const PortSchema = z.coerce
  .number({ error: 'must be a port number' })
  .int({ error: 'must be a whole port number' })
  .min(0)
  .max(65535);

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Parse the environment against a schema. A bad or missing value stops start-up with one line per
 * problem naming the variable and what it must look like.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const shown = issue.path.length > 0 ? env[String(issue.path[0])] : undefined;
    const got = shown === undefined ? 'not set' : `got ${JSON.stringify(shown)}`;
    return `  ${name}: ${issue.message} (${got})`;
  });
  throw new ConfigError(`invalid configuration; fix these environment variables:\n${lines.join('\n')}`);
}
