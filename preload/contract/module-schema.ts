// zod schema of DecodedModule (module.ts), for validating decoder output at boundaries (IPC,
// stored runs) and in tests. Keep in step with module.ts; the type assertion below fails the
// type-check when they drift apart.
import { z } from 'zod';
import type { CmisDetail, DecodedModule } from './module';

const codeName = z.object({ code: z.number().int().min(0).max(255), name: z.string() });
const checksum = z.object({ stored: z.number().int(), computed: z.number().int(), ok: z.boolean() }).nullable();
const thresholdSet = z.object({ highAlarm: z.number(), lowAlarm: z.number(), highWarning: z.number(), lowWarning: z.number() });
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const dbm = finite.nullable();

export const problemSchema = z.object({ code: z.string().regex(/^[A-Z0-9_]+$/), message: z.string().min(1), offset: z.number().int().nullable() });

export const diagnosticsSchema = z.object({
  calibration: z.enum(['internal', 'external']),
  rxPowerMeasurement: z.enum(['average', 'oma']),
  temperatureC: z.number(),
  supplyVoltageV: z.number(),
  lanes: z.array(
    z.object({ txBiasMa: z.number(), txPowerMw: z.number(), txPowerDbm: dbm, rxPowerMw: z.number(), rxPowerDbm: dbm, dataPathActive: z.boolean().optional() }),
  ),
  thresholds: z
    .object({ temperatureC: thresholdSet, supplyVoltageV: thresholdSet, txBiasMa: thresholdSet, txPowerMw: thresholdSet, rxPowerMw: thresholdSet })
    .nullable(),
  flags: z.object({ alarms: z.array(z.string()), warnings: z.array(z.string()) }),
  status: z
    .object({
      txDisable: z.boolean().optional(),
      softTxDisable: z.boolean().optional(),
      txFault: z.boolean().optional(),
      rxLos: z.boolean().optional(),
      dataNotReady: z.boolean().optional(),
      rxLosLanes: z.array(z.boolean()).optional(),
      txFaultLanes: z.array(z.boolean()).optional(),
    })
    .optional(),
});

const pageRef = z.object({ page: z.number().int().min(0).max(255), bank: z.number().int().min(0).max(255) });
const duration = z.object({ code: z.number().int().min(0).max(15), maxMs: z.number().nonnegative().nullable() });
const nullableVersion = z.string().regex(/^\d+\.\d+$/).nullable();

export const cmisDetailSchema = z.object({
  revision: z.string().regex(/^\d+\.\d+$/),
  memoryModel: z.enum(['flat', 'paged']),
  maxTwiSpeedKhz: z.number().positive().nullable(),
  moduleState: codeName,
  moduleFaultCause: codeName.nullable(),
  interruptAsserted: z.boolean(),
  lowPower: z.object({ allowRequestHw: z.boolean(), requestSw: z.boolean() }),
  firmware: z.object({ active: nullableVersion, inactive: nullableVersion, hardware: nullableVersion }),
  mediaType: codeName,
  mediaTechnology: codeName,
  applications: z.array(
    z.object({
      appSel: z.number().int().min(1).max(15),
      hostInterface: codeName,
      mediaInterface: codeName,
      hostLaneCount: z.number().int().min(0).max(15),
      mediaLaneCount: z.number().int().min(0).max(15),
      hostLaneStarts: z.array(z.number().int().min(1).max(8)),
      mediaLaneStarts: z.array(z.number().int().min(1).max(8)).nullable(),
    }),
  ),
  powerClass: z.number().int().min(1).max(8),
  maxPowerW: z.number().nonnegative(),
  cableLengthM: z.number().nonnegative().nullable(),
  om5M: z.number().nonnegative(),
  wavelengthToleranceNm: z.number().nonnegative().nullable(),
  cleiCode: z.string().nullable(),
  banks: z.number().int().min(1).max(4),
  pages: z.array(pageRef),
  missingPages: z.array(pageRef),
  txBiasMultiplier: z.number().int().positive(),
  monitorsSupported: z.object({
    temperature: z.boolean(), supplyVoltage: z.boolean(), aux1: z.boolean(), aux2: z.boolean(), aux3: z.boolean(), custom: z.boolean(),
    txBias: z.boolean(), txPower: z.boolean(), rxPower: z.boolean(),
  }),
  auxMonitors: z.array(z.object({ name: z.enum(['aux1', 'aux2', 'aux3']), meaning: z.string(), value: finite, unit: z.string() })),
  durations: z.object({
    modulePowerUp: duration, modulePowerDown: duration, dataPathInit: duration, dataPathDeinit: duration, txTurnOn: duration, txTurnOff: duration,
  }),
  moduleFlags: z.array(z.string()),
  dataPaths: z.array(
    z.object({
      hostLane: z.number().int().min(1).max(32),
      state: codeName,
      appSel: z.number().int().min(1).max(15).nullable(),
      firstLane: z.number().int().min(1).max(32).nullable(),
      configStatus: codeName.nullable(),
    }),
  ),
  lanes: z.array(
    z.object({
      lane: z.number().int().min(1).max(32),
      dataPathState: codeName,
      dataPathActive: z.boolean(),
      txOutputDisabled: z.boolean().nullable(),
      flags: z.array(z.string()),
    }),
  ),
  vdm: z
    .object({
      groups: z.number().int().min(1).max(4),
      observables: z.array(
        z.object({
          index: z.number().int().min(1).max(256),
          type: codeName,
          lane: z.number().int().min(1).max(16),
          unit: z.string(),
          value: finite.nullable(),
          thresholds: thresholdSet.nullable(),
          flags: z.array(z.string()),
        }),
      ),
    })
    .nullable(),
  pageChecksums: z.array(z.object({ page: z.number().int(), stored: z.number().int(), computed: z.number().int(), ok: z.boolean() })),
  cdbInstances: z.number().int().min(0).max(3).nullable(),
});

export const decodedModuleSchema = z.object({
  standard: z.enum(['SFF-8472', 'SFF-8636', 'CMIS', 'unknown']),
  identifier: codeName,
  connector: codeName,
  encoding: codeName,
  compliance: z.array(z.string()),
  nominalBitRateMbd: z.number().nonnegative().nullable(),
  wavelengthNm: z.number().nonnegative().nullable(),
  lengths: z.object({
    smfKm: z.number().nonnegative(), smfM: z.number().nonnegative(), om1M: z.number().nonnegative(), om2M: z.number().nonnegative(),
    om3M: z.number().nonnegative(), om4M: z.number().nonnegative(), copperM: z.number().nonnegative(),
  }),
  vendor: z.object({
    name: z.string(),
    oui: z.string().regex(/^[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$/),
    partNumber: z.string(),
    revision: z.string(),
    serialNumber: z.string(),
    dateCode: z.string(),
    manufactureDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  }),
  checksums: z.object({ base: checksum, extended: checksum, diagnostics: checksum }),
  diagnostics: diagnosticsSchema.nullable(),
  problems: z.array(problemSchema),
  details: z.record(z.string(), z.unknown()).optional(),
  cmis: cmisDetailSchema.optional(),
});

// Compile-time check that the schema and the interface describe the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesContract: Same<z.infer<typeof decodedModuleSchema>, DecodedModule> = true;
void _schemaMatchesContract;
// Optional fields slip through the check above; the CMIS part is compared on its own.
const _cmisSchemaMatchesContract: Same<z.infer<typeof cmisDetailSchema>, CmisDetail> = true;
void _cmisSchemaMatchesContract;
