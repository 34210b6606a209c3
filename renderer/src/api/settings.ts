// Settings, limit profiles, deliveries import, audit and backup. Every file choice is made in a
// dialog shown by main; these calls never carry a path.
import type { AuditListRequest, BackupCreateResult, BackupRestoreResult, DeliveriesImportResult, LimitProfile, LimitsImportResult } from '../../../preload/contract';
import type { AuditEvent, LimitProfileVersion, Setting, SettingKey } from '../../../preload/contract/records';
import { bridge, unwrap } from './client';

export const settingsApi = {
  get: (): Promise<Setting[]> => unwrap(bridge().settings.get()),
  // No actor in any of these: main records them under the signed-in person.
  set: (key: SettingKey, value: string): Promise<Setting> => unwrap(bridge().settings.set({ key, value })),
  importLimits: (): Promise<LimitsImportResult> => unwrap(bridge().limits.import()),
  newLimitVersion: (profile: LimitProfile): Promise<LimitProfileVersion> => unwrap(bridge().limits.newVersion({ profile })),
  importDeliveries: (): Promise<DeliveriesImportResult> => unwrap(bridge().deliveries.import()),
  audit: (req: AuditListRequest = {}): Promise<AuditEvent[]> => unwrap(bridge().audit.list(req)),
  backup: (): Promise<BackupCreateResult> => unwrap(bridge().backup.create()),
  restore: (): Promise<BackupRestoreResult> => unwrap(bridge().backup.restore()),
};
