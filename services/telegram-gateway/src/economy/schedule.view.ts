import type {
  Demurrage,
  DistributionRule,
  Emission,
  EmissionStatus,
  FeeDestination,
} from '@ticketonomics/contracts';

/** What /economy shows: the community's money policy as the ledger keeps it, and where its schedule stands. */
export interface ScheduleView {
  emission: Emission;
  distribution: DistributionRule[];
  demurrage: Demurrage | null;
  taxBps: number;
  taxDestination: FeeDestination;
  status: EmissionStatus;
}
