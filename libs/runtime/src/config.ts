import { z } from 'zod';

/**
 * A bot's token as @BotFather gives it, "<bot id>:<secret>", read by the bot and by the api-gateway (which
 * checks the wallet's Telegram sign-ins with it). Telegram's secrets are 35 characters; a local Bot API
 * server or the emulator may use shorter ones.
 */
export const TelegramBotTokenSchema = z.string().regex(/^[0-9]{1,20}:[A-Za-z0-9_-]{1,100}$/, {
  error: 'must be a bot token such as 123456789:AAH... from @BotFather',
});

/** Settings every service reads from its environment. */
export const BaseEnvSchema = z.object({
  NATS_URL: z
    .string()
    .regex(/^(nats|tls):\/\/[^\s]+$/, { error: 'must be a NATS URL such as nats://127.0.0.1:4222' })
    .default('nats://127.0.0.1:4222'),
  /** This process's NATS credentials (libs/bus-auth): every connection to the bus authenticates. */
  NATS_CREDENTIALS_FILE: z
    .string({
      error:
        "must be the path of this service's NATS credentials file (npm start writes them under DATA_DIR/nats/credentials)",
    })
    .min(1),
  /** CA certificate that signed the NATS server's TLS certificate, when the server uses TLS. */
  NATS_TLS_CA_FILE: z.string().min(1).optional(),
  /**
   * Copies JetStream keeps of every stream and key-value bucket this service creates: 1 on a single
   * NATS server, 3 on a cluster of three (any one node may stop without losing or refusing writes).
   */
  NATS_REPLICAS: z
    .enum(['1', '3'], { error: 'must be 1 (one NATS server) or 3 (a NATS cluster of three nodes)' })
    .default('1')
    .transform(Number),
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

/** Variables whose values are secrets: a config error says they are wrong, never what they are. */
const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASS|SEED|KEY)$/;

function describeValue(variable: string, value: string | undefined): string {
  if (value === undefined) return 'not set';
  if (SECRET_NAME.test(variable)) return `got a value of ${value.length} characters, not shown`;
  // A URL may carry a user and password: show it without them.
  return `got ${JSON.stringify(value.replace(/\/\/[^@/\s]*@/g, '//***@'))}`;
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
    const variable = issue.path.length > 0 ? String(issue.path[0]) : '';
    const got = describeValue(variable, env[variable]);
    return `  ${name}: ${issue.message} (${got})`;
  });
  throw new ConfigError(`invalid configuration; fix these environment variables:\n${lines.join('\n')}`);
}
