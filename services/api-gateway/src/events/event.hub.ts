import { Inject, Injectable } from '@nestjs/common';
import { EVENT_SUBJECTS } from '@ticketonomics/contracts';
import { heardEvent } from '@ticketonomics/messaging';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { LOGGER, NATS_CONNECTION } from '../api-gateway.tokens';

/** One event as the hub hands it on: its type and community, and the CloudEvent JSON as published. */
export interface HubEvent {
  type: string;
  communityId: string;
  json: string;
}

export type HubListener = (event: HubEvent) => void;

/**
 * Every event of the system, fanned out by community. One core NATS subscription to `tk.evt.>` per
 * process (not one per client): each event is parsed once to read its `communityid` and `type`, then
 * handed to that community's listeners only. Core NATS, not a JetStream consumer: live streams want
 * what happens from now on, and a client that reconnects reads history through the REST routes.
 */
@Injectable()
export class EventHub {
  private subscription: Subscription | null = null;
  private readonly listeners = new Map<string, Set<HubListener>>();

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  start(): void {
    this.subscription = this.connection.subscribe(EVENT_SUBJECTS, {
      callback: (error, message) => {
        if (error === null) this.dispatch(message.subject, message.data);
      },
    });
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
  }

  /** Hear every event of one community from now on; call the returned function to stop. */
  subscribe(communityId: string, listener: HubListener): () => void {
    let set = this.listeners.get(communityId);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(communityId, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(communityId);
      if (current === undefined) return;
      current.delete(listener);
      if (current.size === 0) this.listeners.delete(communityId);
    };
  }

  get listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  /**
   * Hand one published event to its community's listeners; a malformed one, or one not from the service
   * that owns its subject, is logged and skipped.
   */
  dispatch(subject: string, data: Uint8Array): void {
    if (this.listeners.size === 0) return;
    const heard = heardEvent(subject, data, this.logger);
    if (heard === null) return;
    const { event, json } = heard;
    if (typeof event.communityid !== 'string') return;
    const set = this.listeners.get(event.communityid);
    if (set === undefined) return;
    const hubEvent: HubEvent = { type: event.type, communityId: event.communityid, json };
    for (const listener of set) {
      try {
        listener(hubEvent);
      } catch (error) {
        this.logger.warn({ err: error }, 'event listener failed');
      }
    }
  }
}
