import {
  EVENT_STREAM,
  BUS_ROLES,
  READ_COMMANDS,
  PARTITION_COUNT_MAX,
  partitionDurableName,
  partitionLeasesBucketOf,
  partitionSubjectsOf,
  type BusRole,
  type BusRoleName,
  type CommandSpec,
  type ServiceRole,
} from '@ticketonomics/contracts';

/** A NATS user's permissions, in the shape nats-server's configuration takes. */
export interface NatsPermissions {
  publish: { allow: string[] };
  subscribe: { allow: string[] };
}

/** A user the server knows: its name (and so its reply inbox) and its role. */
export interface BusUser {
  readonly user: string;
  readonly role: BusRoleName;
}

/** Each user's replies come to its own inbox prefix, so no other user can read them. */
export function inboxPrefixOf(user: string): string {
  return `_INBOX.${user}`;
}

const JS = '$JS.API';

function streamOwnerSubjects(stream: string): string[] {
  return [
    `${JS}.STREAM.INFO.${stream}`,
    `${JS}.STREAM.CREATE.${stream}`,
    `${JS}.STREAM.UPDATE.${stream}`,
    // One message by position or by subject (the last of a subject).
    `${JS}.STREAM.MSG.GET.${stream}`,
    // Ephemeral readers of its own stream (no name: the older API; named: the newer one).
    `${JS}.CONSUMER.CREATE.${stream}`,
    `${JS}.CONSUMER.CREATE.${stream}.>`,
    `${JS}.CONSUMER.INFO.${stream}.*`,
    `${JS}.CONSUMER.MSG.NEXT.${stream}.*`,
    `${JS}.CONSUMER.DELETE.${stream}.*`,
  ];
}

function durableSubjects(stream: string, durable: string): string[] {
  return [
    `${JS}.CONSUMER.CREATE.${stream}.${durable}`,
    `${JS}.CONSUMER.CREATE.${stream}.${durable}.>`,
    `${JS}.CONSUMER.DURABLE.CREATE.${stream}.${durable}`,
    `${JS}.CONSUMER.INFO.${stream}.${durable}`,
    `${JS}.CONSUMER.MSG.NEXT.${stream}.${durable}`,
    `$JS.ACK.${stream}.${durable}.>`,
  ];
}

/** A reader of its durable consumer that someone else made: it may not create or change it. */
function durableReaderSubjects(stream: string, durable: string): string[] {
  return [
    `${JS}.CONSUMER.INFO.${stream}.${durable}`,
    `${JS}.CONSUMER.MSG.NEXT.${stream}.${durable}`,
    `$JS.ACK.${stream}.${durable}.>`,
  ];
}

function orderedConsumerSubjects(stream: string): string[] {
  // Ordered consumers get a fresh random name on every reset, so the name cannot be pinned.
  return [
    `${JS}.CONSUMER.CREATE.${stream}.*`,
    `${JS}.CONSUMER.CREATE.${stream}.*.>`,
    `${JS}.CONSUMER.INFO.${stream}.*`,
    `${JS}.CONSUMER.MSG.NEXT.${stream}.*`,
    `${JS}.CONSUMER.DELETE.${stream}.*`,
  ];
}

function kvBucketSubjects(bucket: string): string[] {
  const stream = `KV_${bucket}`;
  return [
    `${JS}.STREAM.INFO.${stream}`,
    `${JS}.STREAM.CREATE.${stream}`,
    `${JS}.STREAM.MSG.GET.${stream}`,
    `${JS}.DIRECT.GET.${stream}.>`,
    `$KV.${bucket}.>`,
  ];
}

function unique(subjects: string[]): string[] {
  return [...new Set(subjects)];
}

/**
 * A partitioned writer's own parts: its partitions' subjects (served by the owner, sent to by every
 * replica's front door), its lease bucket, and each durable once per possible partition.
 */
function partitionSubjects(role: BusRole, service: ServiceRole): { publish: string[]; subscribe: string[] } {
  if (!role.partitioned) return { publish: [], subscribe: [] };
  const count = role.partitionCountMax ?? PARTITION_COUNT_MAX;
  const partitions = Array.from({ length: count }, (_, partition) => partition);
  return {
    publish: [
      partitionSubjectsOf(service),
      // Listing the leases and heartbeats reads the stream's subject counts (STREAM.INFO): no consumer.
      ...kvBucketSubjects(partitionLeasesBucketOf(service)),
      ...role.durables.flatMap((durable) =>
        partitions.flatMap((partition) =>
          durableSubjects(EVENT_STREAM, partitionDurableName(durable, partition)),
        ),
      ),
    ],
    subscribe: [partitionSubjectsOf(service)],
  };
}

function mayRequest(caller: BusRoleName, commands: readonly CommandSpec[]): boolean {
  if (caller === 'operator') return true;
  const allowed = new Set(
    (caller === 'tools' ? READ_COMMANDS : BUS_ROLES[caller].requests).map((spec) => spec.subject),
  );
  return commands.some((spec) => allowed.has(spec.subject));
}

/**
 * Where a service may send its answers: the reply inboxes of the users allowed to send it a command, and
 * its own (a partition's owner answers the replica that forwarded the request). This takes the place of
 * nats-server's `allow_responses`, which records the reply subject of every message delivered to the
 * connection, stream messages included, and (up to nats-server 2.10.22) scans that whole record on each
 * delivery once it passes 10,000 entries kept for 2 minutes: a replica reading the event stream slowed
 * from 150,000 to a few hundred events a second (docs/benchmarks.md, "Analytics").
 */
function replyInboxes(role: BusRole, user: string, users: readonly BusUser[]): string[] {
  if (role.serves.length === 0) return [];
  const callers = users.filter((other) => mayRequest(other.role, role.serves)).map((other) => other.user);
  return unique([user, ...callers].map((name) => `${inboxPrefixOf(name)}.>`));
}

/** A service's permissions: its own commands and events, what it uses, and no stream delete or purge. */
export function servicePermissions(
  role: BusRole,
  user: string,
  service: ServiceRole,
  users: readonly BusUser[],
): NatsPermissions {
  const partitioned = partitionSubjects(role, service);
  const publish = [
    `${JS}.INFO`,
    // Every service may create the event stream when it is missing, but only an operator changes it.
    `${JS}.STREAM.INFO.${EVENT_STREAM}`,
    `${JS}.STREAM.CREATE.${EVENT_STREAM}`,
    ...role.publishes,
    ...role.requests.map((spec) => spec.subject),
    ...role.durables.flatMap((durable) => durableSubjects(EVENT_STREAM, durable)),
    ...(role.orderedConsumers ? orderedConsumerSubjects(EVENT_STREAM) : []),
    ...role.ownStreams.flatMap(streamOwnerSubjects),
    ...role.kvBuckets.flatMap(kvBucketSubjects),
    ...partitioned.publish,
    ...replyInboxes(role, user, users),
  ];
  const subscribe = [
    `${inboxPrefixOf(user)}.>`,
    ...unique(role.serves.map((spec) => spec.subject)),
    ...role.listens,
    ...partitioned.subscribe,
  ];
  return { publish: { allow: unique(publish) }, subscribe: { allow: unique(subscribe) } };
}

/**
 * A read-only tool: read commands, the event stream through the pull consumer an operator made for it
 * (named like the user), and live events. It cannot create consumers at all, because NATS cannot tell a
 * pull consumer from a push consumer whose deliver subject would send stream messages anywhere.
 */
export function toolPermissions(user: string): NatsPermissions {
  return {
    publish: {
      allow: unique([
        `${JS}.INFO`,
        `${JS}.STREAM.INFO.${EVENT_STREAM}`,
        ...durableReaderSubjects(EVENT_STREAM, user),
        ...READ_COMMANDS.map((spec) => spec.subject),
      ]),
    },
    subscribe: { allow: [`${inboxPrefixOf(user)}.>`, 'tk.evt.>'] },
  };
}

/** The operator may do everything: admin scripts, stream maintenance, credentials. */
export function operatorPermissions(): NatsPermissions {
  return { publish: { allow: ['>'] }, subscribe: { allow: ['>'] } };
}

/** A user's permissions among all the users the server knows (a service may answer only its callers). */
export function permissionsFor(role: BusRoleName, user: string, users: readonly BusUser[]): NatsPermissions {
  if (role === 'operator') return operatorPermissions();
  if (role === 'tools') return toolPermissions(user);
  return servicePermissions(BUS_ROLES[role as ServiceRole], user, role as ServiceRole, users);
}
