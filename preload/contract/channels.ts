// Channel and event names as data: main registers exactly these, the preload and the test
// preload expose exactly these. The request schema of every channel sits here so main's wrapper
// and the harness validate with the same objects.
import type { z } from 'zod';
import {
  actorRequestSchema,
  auditListRequestSchema,
  callPickRandomRequestSchema,
  callListRequestSchema,
  callRecordRequestSchema,
  caseAssignRequestSchema,
  caseCreateRequestSchema,
  caseDecideRequestSchema,
  caseFindRequestSchema,
  caseListRequestSchema,
  caseTransitionRequestSchema,
  complaintFileRequestSchema,
  complaintListRequestSchema,
  complaintUpdateRequestSchema,
  customerCreateRequestSchema,
  customerListRequestSchema,
  idRequestSchema,
  limitsImportRequestSchema,
  limitsNewVersionRequestSchema,
  settingsSetRequestSchema,
  statsRequestSchema,
  technicianCreateRequestSchema,
  technicianListRequestSchema,
  technicianSetActiveRequestSchema,
  testRunListRequestSchema,
  testRunRecordRequestSchema,
  benchCancelRequestSchema,
  benchProbeRequestSchema,
  benchReadRequestSchema,
  emptyRequestSchema,
  exportCasesRequestSchema,
  externalTestListRequestSchema,
  externalTestRecordRequestSchema,
  exportTestRunsRequestSchema,
  monitorStartRequestSchema,
  monitorStopRequestSchema,
  openDumpRequestSchema,
  reportRequestSchema,
  type BenchApi,
  type ChannelName,
  type EventName,
} from './api';

/** Request schema per channel; `satisfies` makes a missing or extra channel a compile error. */
export const REQUEST_SCHEMAS = {
  'app:info': emptyRequestSchema,
  'ports:list': emptyRequestSchema,
  'sim:modules': emptyRequestSchema,
  'bench:probe': benchProbeRequestSchema,
  'bench:read': benchReadRequestSchema,
  'bench:cancel': benchCancelRequestSchema,
  'bench:monitor-start': monitorStartRequestSchema,
  'bench:monitor-stop': monitorStopRequestSchema,
  'files:open-dump': openDumpRequestSchema,
  'limits:list': emptyRequestSchema,
  'limits:import': limitsImportRequestSchema,
  'limits:new-version': limitsNewVersionRequestSchema,
  'settings:get': emptyRequestSchema,
  'settings:set': settingsSetRequestSchema,
  'testruns:record': testRunRecordRequestSchema,
  'testruns:list': testRunListRequestSchema,
  'testruns:get': idRequestSchema,
  'externaltests:record': externalTestRecordRequestSchema,
  'externaltests:list': externalTestListRequestSchema,
  'cases:create': caseCreateRequestSchema,
  'cases:list': caseListRequestSchema,
  'cases:get': idRequestSchema,
  'cases:find': caseFindRequestSchema,
  'cases:transition': caseTransitionRequestSchema,
  'cases:decide': caseDecideRequestSchema,
  'cases:assign': caseAssignRequestSchema,
  'customers:create': customerCreateRequestSchema,
  'customers:list': customerListRequestSchema,
  'customers:get': idRequestSchema,
  'technicians:create': technicianCreateRequestSchema,
  'technicians:list': technicianListRequestSchema,
  'technicians:set-active': technicianSetActiveRequestSchema,
  'complaints:file': complaintFileRequestSchema,
  'complaints:update': complaintUpdateRequestSchema,
  'complaints:list': complaintListRequestSchema,
  'calls:record': callRecordRequestSchema,
  'calls:pick-random': callPickRandomRequestSchema,
  'calls:list': callListRequestSchema,
  'stats:dashboard': statsRequestSchema,
  'stats:scorecards': statsRequestSchema,
  'deliveries:import': actorRequestSchema,
  'audit:list': auditListRequestSchema,
  'backup:create': actorRequestSchema,
  'backup:restore': actorRequestSchema,
  'export:cases': exportCasesRequestSchema,
  'export:test-runs': exportTestRunsRequestSchema,
  'reports:preview': reportRequestSchema,
  'reports:print': reportRequestSchema,
  'reports:save-pdf': reportRequestSchema,
} as const satisfies Record<ChannelName, z.ZodType>;

export const CHANNELS = Object.keys(REQUEST_SCHEMAS) as ChannelName[];

export const EVENTS = ['bench:progress', 'bench:reading', 'bench:monitor-ended'] as const satisfies readonly EventName[];

type Methods<T> = { [K in keyof T as T[K] extends (...a: never[]) => Promise<unknown> ? K : never]: ChannelName };
type Subscriptions<T> = { [K in keyof T as T[K] extends (...a: never[]) => Promise<unknown> ? never : K]: EventName };

/**
 * Where each channel and event appears on window.bench, as data, so the test preload (which is
 * plain JavaScript injected into a page) builds the same object the real preload does.
 */
export const API_LAYOUT = {
  app: { info: 'app:info' },
  ports: { list: 'ports:list' },
  sim: { modules: 'sim:modules' },
  bench: {
    probe: 'bench:probe',
    read: 'bench:read',
    cancel: 'bench:cancel',
    monitorStart: 'bench:monitor-start',
    monitorStop: 'bench:monitor-stop',
  },
  files: { openDump: 'files:open-dump' },
  limits: { list: 'limits:list', import: 'limits:import', newVersion: 'limits:new-version' },
  settings: { get: 'settings:get', set: 'settings:set' },
  testRuns: { record: 'testruns:record', list: 'testruns:list', get: 'testruns:get' },
  externalTests: { record: 'externaltests:record', list: 'externaltests:list' },
  cases: {
    create: 'cases:create',
    list: 'cases:list',
    get: 'cases:get',
    find: 'cases:find',
    transition: 'cases:transition',
    decide: 'cases:decide',
    assign: 'cases:assign',
  },
  customers: { create: 'customers:create', list: 'customers:list', get: 'customers:get' },
  technicians: { create: 'technicians:create', list: 'technicians:list', setActive: 'technicians:set-active' },
  complaints: { file: 'complaints:file', update: 'complaints:update', list: 'complaints:list' },
  calls: { record: 'calls:record', pickRandom: 'calls:pick-random', list: 'calls:list' },
  stats: { dashboard: 'stats:dashboard', scorecards: 'stats:scorecards' },
  deliveries: { import: 'deliveries:import' },
  audit: { list: 'audit:list' },
  backup: { create: 'backup:create', restore: 'backup:restore' },
  exports: { cases: 'export:cases', testRuns: 'export:test-runs' },
  reports: { preview: 'reports:preview', print: 'reports:print', savePdf: 'reports:save-pdf' },
} as const satisfies { [A in keyof BenchApi]: Methods<BenchApi[A]> };

export const EVENT_LAYOUT = {
  bench: { onProgress: 'bench:progress', onReading: 'bench:reading', onMonitorEnded: 'bench:monitor-ended' },
} as const satisfies { [A in keyof BenchApi]?: Subscriptions<BenchApi[A]> };

/** Calls whose payload the preload defaults to {} when the renderer passes nothing. */
export const OPTIONAL_OBJECT_REQUESTS: readonly ChannelName[] = [
  'files:open-dump',
  'customers:list',
  'technicians:list',
  'complaints:list',
  'calls:list',
  'stats:dashboard',
  'stats:scorecards',
  'audit:list',
];
