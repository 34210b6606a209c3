// Channel and event names as data: main registers exactly these, the preload and the test
// preload expose exactly these. The request schema of every channel sits here so main's wrapper
// and the harness validate with the same objects.
import type { z } from 'zod';
import {
  benchCancelRequestSchema,
  benchProbeRequestSchema,
  benchReadRequestSchema,
  emptyRequestSchema,
  monitorStartRequestSchema,
  monitorStopRequestSchema,
  openDumpRequestSchema,
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
  limits: { list: 'limits:list' },
} as const satisfies { [A in keyof BenchApi]: Methods<BenchApi[A]> };

export const EVENT_LAYOUT = {
  bench: { onProgress: 'bench:progress', onReading: 'bench:reading', onMonitorEnded: 'bench:monitor-ended' },
} as const satisfies { [A in keyof BenchApi]?: Subscriptions<BenchApi[A]> };

/** Calls whose payload the preload defaults to {} when the renderer passes nothing. */
export const OPTIONAL_OBJECT_REQUESTS: readonly ChannelName[] = ['files:open-dump'];
