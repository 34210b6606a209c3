// Settings, limit profiles, deliveries import, audit and backup. Every file choice is made in a
// dialog shown by main; these calls never carry a path.
import type { AuditListRequest, BackupCreateResult, BackupRestoreResult, DeliveriesImportResult, LimitProfile, LimitsImportResult } from '../../../preload/contract';
import type { AuditEvent, LimitProfileVersion, Setting, SettingKey } from '../../../preload/contract/records';
import { bridge, unwrap } from './client';

export const settingsApi = {
  get: (): Promise<Setting[]> => unwrap(bridge().settings.get()),
  set: (key: SettingKey, value: string, actor: string): Promise<Setting> => unwrap(bridge().settings.set({ key, value, actor })),
  importLimits: (actor: string): Promise<LimitsImportResult> => unwrap(bridge().limits.import({ actor })),
  newLimitVersion: (profile: LimitProfile, actor: string): Promise<LimitProfileVersion> => unwrap(bridge().limits.newVersion({ profile, actor })),
  importDeliveries: (actor: string): Promise<DeliveriesImportResult> => unwrap(bridge().deliveries.import({ actor })),
  audit: (req: AuditListRequest = {}): Promise<AuditEvent[]> => unwrap(bridge().audit.list(req)),
  backup: (actor: string): Promise<BackupCreateResult> => unwrap(bridge().backup.create({ actor })),
  restore: (actor: string): Promise<BackupRestoreResult> => unwrap(bridge().backup.restore({ actor })),
};
