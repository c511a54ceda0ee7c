/** What every service's configuration requires from the environment, for specs that parse configuration. */
export const TEST_BUS_ENV = { NATS_CREDENTIALS_FILE: '/run/secrets/nats/nats.creds' } as const;
