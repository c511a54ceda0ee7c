import 'reflect-metadata';
import { AnalyticsCommands } from '@ticketonomics/contracts';
import { natsAuthOptions, operatorBusSettings } from '@ticketonomics/bus-auth';
import { CommandClient } from '@ticketonomics/messaging';
import { connect } from '@nats-io/transport-node';

/** How often progress is printed, and how long a rebuild may take before the script gives up watching. */
const POLL_INTERVAL_MS = 1_000;
const WATCH_TIMEOUT_MS = 60 * 60 * 1000;

/**
 * `npm run analytics:rebuild`: asks a running analytics replica to rebuild its read models
 * from the stream and prints its progress until it has caught up. The queue group hands the request to one
 * replica, named in the output; the others keep answering queries meanwhile. It runs as the operator: NATS_URL
 * and NATS_CREDENTIALS_FILE, or what `npm start` wrote under DATA_DIR.
 */
async function main(): Promise<void> {
  const bus = operatorBusSettings();
  const nc = await connect({
    servers: bus.url,
    name: 'analytics-rebuild',
    ...natsAuthOptions(bus.credentialsFile, bus.tlsCaFile),
  });
  const client = new CommandClient(nc, { timeoutMs: 30_000 });
  try {
    const started = await client.request(AnalyticsCommands.rebuildStart, {});
    process.stdout.write(
      `replica ${started.replicaId} rebuilding from stream seq ${started.fromSeq} to ${started.targetSeq}\n`,
    );
    const deadline = Date.now() + WATCH_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const status = await client.request(AnalyticsCommands.statusGet, {});
      if (status.replicaId === started.replicaId) {
        process.stdout.write(`  ${status.appliedSeq} / ${status.rebuildTargetSeq ?? 0} applied\n`);
        if (!status.rebuilding) {
          process.stdout.write(
            `replica ${status.replicaId} rebuilt: ${status.eventsApplied} events applied\n`,
          );
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
    throw new Error('the rebuild is still running; follow it with tk.cmd.analytics.status.get');
  } finally {
    await nc.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`analytics:rebuild: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
