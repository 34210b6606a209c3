// The records services, built once by the composition root (main/index.ts) and by the CLI.
import type { WarrantyInput, WarrantyOutcome } from '../../preload/contract/warranty';
import type { Db } from '../db/open';
import { createAuditService, type AuditService } from './audit';
import { createBackupService, type BackupService } from './backup';
import { createCustomerService, type CustomerService } from './customers';
import { createDeliveryService, type DeliveryService } from './deliveries';
import { createExternalTestService, type ExternalTestService } from './external-tests';
import { createRepairService, type RepairService } from './repairs';
import { createSettingsService, type SettingsService } from './settings';
import { createStatisticsService, type StatisticsService } from './statistics';
import { createSupervisionService, type SupervisionService } from './supervision';
import { createTechnicianService, type TechnicianService } from './technicians';
import { createTestRunService, type TestRunService } from './test-runs';
import { createSoakStore, type SoakStore } from './soak-store';
import { decodeModule } from '../sff/index';

export interface RecordServiceDeps {
  /** Defaults to main/warranty decideWarranty; injectable for tests. */
  decideWarranty?: (input: WarrantyInput) => WarrantyOutcome;
  /** The station making a change (issue 14): a lab bench's own, since the lab's setting table is shared. */
  station?: () => Promise<string | null>;
}

export interface RecordServices {
  customers: CustomerService;
  technicians: TechnicianService;
  repairs: RepairService;
  testRuns: TestRunService;
  externalTests: ExternalTestService;
  supervision: SupervisionService;
  statistics: StatisticsService;
  deliveries: DeliveryService;
  backup: BackupService;
  settings: SettingsService;
  audit: AuditService;
  /** Soak runs: the journal of running soaks and the sealed ones (issue 15). */
  soaks: SoakStore;
}

export function createRecordServices(db: Db, deps: RecordServiceDeps = {}): RecordServices {
  const testRuns = createTestRunService(db);
  return {
    customers: createCustomerService(db),
    technicians: createTechnicianService(db),
    repairs: createRepairService(db, { ...(deps.decideWarranty === undefined ? {} : { decideWarranty: deps.decideWarranty }), ...(deps.station === undefined ? {} : { station: deps.station }) }),
    testRuns,
    soaks: createSoakStore(db, { testRuns, decode: decodeModule }),
    externalTests: createExternalTestService(db),
    supervision: createSupervisionService(db),
    statistics: createStatisticsService(db),
    deliveries: createDeliveryService(db),
    backup: createBackupService(db),
    settings: createSettingsService(db),
    audit: createAuditService(db),
  };
}

export { restoreDatabase, verifyBackupFile, type RestoreOptions, type RestoreResult, type BackupResult } from './backup';
export { failureModeOf, queryCaseList } from './repairs';
export { sampleWithSeed, seededRandom } from './supervision';
export { computeScorecards, computeStatistics, percentile, type SqlExec } from './statistics';
export type { SoakStore } from './soak-store';
export type { AuditService, BackupService, CustomerService, DeliveryService, ExternalTestService, RepairService, SettingsService, StatisticsService, SupervisionService, TechnicianService, TestRunService };
