// Settings, limit profiles, deliveries import, audit and backup. Every file choice is made in a
// dialog shown by main; these calls never carry a path.
import type { AuditListRequest, BackupCreateResult, BackupRestoreResult, DeliveriesImportResult, DeliveriesPreviewResult, LimitProfile, LimitsImportResult } from '../../../preload/contract';
import type { AuditEvent, Delivery, DeliveryImportReport, LimitProfileVersion, Setting, SettingKey } from '../../../preload/contract/records';
import { bridge, unwrap } from './client';

export const settingsApi = {
  get: (): Promise<Setting[]> => unwrap(bridge().settings.get()),
  // No actor in any of these: main records them under the signed-in person.
  set: (key: SettingKey, value: string): Promise<Setting> => unwrap(bridge().settings.set({ key, value })),
  importLimits: (): Promise<LimitsImportResult> => unwrap(bridge().limits.import()),
  newLimitVersion: (profile: LimitProfile): Promise<LimitProfileVersion> => unwrap(bridge().limits.newVersion({ profile })),
  importDeliveries: (): Promise<DeliveriesImportResult> => unwrap(bridge().deliveries.import()),
  /** Main's open dialog, then the CSV read and checked: rows as they would be imported, bad lines named. */
  previewDeliveries: (): Promise<DeliveriesPreviewResult> => unwrap(bridge().deliveries.preview()),
  /** The previewed file imported in one transaction. */
  commitDeliveries: (token: string): Promise<DeliveryImportReport> => unwrap(bridge().deliveries.commit({ token })),
  deliveriesOf: (serial: string): Promise<Delivery[]> => unwrap(bridge().deliveries.list({ serial })),
  audit: (req: AuditListRequest = {}): Promise<AuditEvent[]> => unwrap(bridge().audit.list(req)),
  backup: (): Promise<BackupCreateResult> => unwrap(bridge().backup.create()),
  restore: (): Promise<BackupRestoreResult> => unwrap(bridge().backup.restore()),
};
