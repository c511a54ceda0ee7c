import assert from 'node:assert/strict';
import { partitionLabel } from '@ticketonomics/contracts';

/**
 * The subject a partition's owner serves a command on: `tk.cmd.ledger.transfer.create` for partition 3 is
 * `tk.part.ledger.p003.transfer.create`. Only the replica holding the partition subscribes to it, so a
 * request there reaches the owner or no one.
 */
export function partitionSubject(service: string, partition: number, commandSubject: string): string {
  const prefix = `tk.cmd.${service}.`;
  assert(commandSubject.startsWith(prefix), `${commandSubject} is not a command of ${service}`);
  return `tk.part.${service}.${partitionLabel(partition)}.${commandSubject.slice(prefix.length)}`;
}
