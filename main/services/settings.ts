// Station settings (key/value) and the limit-profile versions users import. Imported profiles are
// append-only: a new version is a new row, and a test run names the id and version it used.
import { SetSettingRequestSchema, type LimitProfileVersion, type Setting } from '../../preload/contract/records';
import { LimitProfileSchema, type LimitProfile } from '../../preload/contract/limits';
import { BenchError } from '../errors';
import type { Db } from '../db/open';
import { LimitProfileEntity, SettingEntity } from '../db/entities';
import { auditLog, limitProfileStore } from '../db/append-only';
import { parseRequest } from '../db/mappers';

export interface SettingsService {
  all(): Promise<Setting[]>;
  get(key: string): Promise<string | null>;
  set(request: unknown): Promise<Setting>;
  /** Stores a validated profile version; LIMIT_PROFILE_DUPLICATE when that id+version exists. */
  importLimitProfile(profile: unknown, actor: string): Promise<LimitProfileVersion>;
  listLimitProfiles(): Promise<LimitProfileVersion[]>;
  getLimitProfile(id: string, version: number): Promise<LimitProfile>;
}

export function createSettingsService(db: Db): SettingsService {
  return {
    async all() {
      return db.dataSource.getRepository(SettingEntity).find({ order: { key: 'ASC' } });
    },
    async get(key) {
      return (await db.dataSource.getRepository(SettingEntity).findOneBy({ key }))?.value ?? null;
    },
    async set(request) {
      const r = parseRequest(SetSettingRequestSchema, request);
      return db.write(async (em) => {
        const before = await em.findOneBy(SettingEntity, { key: r.key });
        const row = { key: r.key, value: r.value, updatedAt: db.now(), updatedBy: r.actor };
        await em.save(SettingEntity, row);
        await auditLog.append(em, row.updatedAt, { actor: r.actor, action: 'setting.set', entity: 'setting', entityId: r.key, details: { before: before?.value ?? null, after: r.value } });
        return row;
      });
    },
    async importLimitProfile(profile, actor) {
      const parsed = LimitProfileSchema.safeParse(profile);
      if (!parsed.success) {
        throw new BenchError('LIMIT_PROFILE_INVALID', `limit profile rejected: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      }
      if (actor.trim() === '') throw new BenchError('INVALID_INPUT', 'who imports the profile must be known');
      const p = parsed.data;
      return db.write(async (em) => {
        if ((await em.findOneBy(LimitProfileEntity, { id: p.id, version: p.version })) !== null) {
          throw new BenchError('LIMIT_PROFILE_DUPLICATE', `limit profile ${p.id} version ${p.version} is already imported; a change needs a new version`, { id: p.id, version: p.version });
        }
        const row = { id: p.id, version: p.version, json: JSON.stringify(p), importedAt: db.now(), importedBy: actor };
        await limitProfileStore.insert(em, row);
        await auditLog.append(em, row.importedAt, { actor, action: 'limit-profile.import', entity: 'limit_profile', entityId: `${p.id}@${p.version}`, details: { name: p.name, source: p.source } });
        return row;
      });
    },
    async listLimitProfiles() {
      return db.dataSource.getRepository(LimitProfileEntity).find({ order: { id: 'ASC', version: 'ASC' } });
    },
    async getLimitProfile(id, version) {
      const row = await db.dataSource.getRepository(LimitProfileEntity).findOneBy({ id, version });
      if (row === null) throw new BenchError('LIMIT_PROFILE_NOT_FOUND', `no imported limit profile ${id} version ${version}`, { id, version });
      return LimitProfileSchema.parse(JSON.parse(row.json));
    },
  };
}
