// zod schema of DecodedModule (module.ts), for validating decoder output at boundaries (IPC,
// stored runs) and in tests. Keep in step with module.ts; the type assertion below fails the
// type-check when they drift apart.
import { z } from 'zod';
import type { DecodedModule } from './module';

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
  lanes: z.array(z.object({ txBiasMa: z.number(), txPowerMw: z.number(), txPowerDbm: dbm, rxPowerMw: z.number(), rxPowerDbm: dbm })),
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
});

// Compile-time check that the schema and the interface describe the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesContract: Same<z.infer<typeof decodedModuleSchema>, DecodedModule> = true;
void _schemaMatchesContract;
