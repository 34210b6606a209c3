// The narrow bridge (DESIGN habits 1, 2): one function per channel, typed by BenchApi so a
// channel added to the contract but not here fails to compile. ipcRenderer itself never crosses
// to the page; listeners receive the payload only, never the IPC event (it carries `sender`).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BenchApi, BenchEvents, ChannelName, EventName, Reply, RequestOf, ResponseOf, Unsubscribe } from './contract/api';

function call<C extends ChannelName>(channel: C, request?: RequestOf<C>): Reply<ResponseOf<C>> {
  // Main answers every call with a Result; a rejected invoke means the IPC itself broke.
  return ipcRenderer.invoke(channel, request).catch((e: unknown) => ({
    ok: false as const,
    error: { code: 'INTERNAL', message: `The application did not answer (${e instanceof Error ? e.message : String(e)}).` },
  })) as Reply<ResponseOf<C>>;
}

function subscribe<E extends EventName>(event: E, listener: (payload: BenchEvents[E]) => void): Unsubscribe {
  const wrapped = (_event: IpcRendererEvent, payload: BenchEvents[E]): void => listener(payload);
  ipcRenderer.on(event, wrapped);
  return () => {
    ipcRenderer.removeListener(event, wrapped);
  };
}

const api: BenchApi = {
  app: {
    info: () => call('app:info'),
  },
  ports: {
    list: () => call('ports:list'),
  },
  sim: {
    modules: () => call('sim:modules'),
  },
  bench: {
    probe: (req) => call('bench:probe', req),
    read: (req) => call('bench:read', req),
    cancel: (req) => call('bench:cancel', req),
    monitorStart: (req) => call('bench:monitor-start', req),
    monitorStop: (req) => call('bench:monitor-stop', req),
    onProgress: (listener) => subscribe('bench:progress', listener),
    onReading: (listener) => subscribe('bench:reading', listener),
    onMonitorEnded: (listener) => subscribe('bench:monitor-ended', listener),
    watchStart: (req) => call('bench:watch-start', req),
    watchStop: (req) => call('bench:watch-stop', req),
    onPresence: (listener) => subscribe('bench:presence', listener),
  },
  files: {
    openDump: (req) => call('files:open-dump', req ?? {}),
  },
  limits: {
    list: () => call('limits:list'),
    import: () => call('limits:import'),
    newVersion: (req) => call('limits:new-version', req),
  },
  settings: {
    get: () => call('settings:get'),
    set: (req) => call('settings:set', req),
  },
  testRuns: {
    record: (req) => call('testruns:record', req),
    list: (req) => call('testruns:list', req),
    get: (req) => call('testruns:get', req),
    attach: (req) => call('testruns:attach', req),
    withdraw: (req) => call('testruns:withdraw', req),
  },
  externalTests: {
    record: (req) => call('externaltests:record', req),
    list: (req) => call('externaltests:list', req),
  },
  cases: {
    create: (req) => call('cases:create', req),
    list: (req) => call('cases:list', req),
    get: (req) => call('cases:get', req),
    find: (req) => call('cases:find', req),
    transition: (req) => call('cases:transition', req),
    decide: (req) => call('cases:decide', req),
    assign: (req) => call('cases:assign', req),
    reopen: (req) => call('cases:reopen', req),
    candidates: (req) => call('cases:candidates', req),
    decidePreview: (req) => call('cases:decide-preview', req),
  },
  customers: {
    create: (req) => call('customers:create', req),
    list: (req) => call('customers:list', req ?? {}),
    get: (req) => call('customers:get', req),
  },
  technicians: {
    create: (req) => call('technicians:create', req),
    list: (req) => call('technicians:list', req ?? {}),
    setActive: (req) => call('technicians:set-active', req),
    setPin: (req) => call('technicians:set-pin', req),
  },
  complaints: {
    file: (req) => call('complaints:file', req),
    update: (req) => call('complaints:update', req),
    list: (req) => call('complaints:list', req ?? {}),
  },
  calls: {
    record: (req) => call('calls:record', req),
    pickRandom: (req) => call('calls:pick-random', req),
    list: (req) => call('calls:list', req ?? {}),
  },
  stats: {
    dashboard: (req) => call('stats:dashboard', req ?? {}),
    scorecards: (req) => call('stats:scorecards', req ?? {}),
  },
  deliveries: {
    import: () => call('deliveries:import'),
    preview: () => call('deliveries:preview'),
    commit: (req) => call('deliveries:commit', req),
    list: (req) => call('deliveries:list', req),
  },
  audit: {
    list: (req) => call('audit:list', req ?? {}),
    verify: () => call('audit:verify'),
    chainStatus: () => call('audit:chain-status'),
  },
  backup: {
    create: () => call('backup:create'),
    restore: () => call('backup:restore'),
  },
  soaks: {
    start: (req) => call('soak:start', req),
    stop: (req) => call('soak:stop', req),
    phase: (req) => call('soak:phase', req),
    status: (req) => call('soak:status', req),
    list: () => call('soak:list'),
    series: (req) => call('soak:series', req),
    exportCsv: (req) => call('soak:export', req),
  },
  lab: {
    status: () => call('lab:status'),
    watch: () => call('lab:watch'),
    settings: () => call('lab:settings'),
    chooseCa: () => call('lab:choose-ca'),
    test: (req) => call('lab:test', req),
    connect: (req) => call('lab:connect', req),
    disconnect: () => call('lab:disconnect'),
    onChanged: (listener) => subscribe('records:changed', listener),
    onStatus: (listener) => subscribe('lab:status', listener),
  },
  session: {
    status: () => call('session:status'),
    setup: (req) => call('session:setup', req),
    signIn: (req) => call('session:sign-in', req),
    unlock: (req) => call('session:unlock', req),
    lock: () => call('session:lock'),
    signOut: () => call('session:sign-out'),
    activity: () => call('session:activity'),
  },
  exports: {
    cases: (req) => call('export:cases', req),
    testRuns: (req) => call('export:test-runs', req),
  },
  reports: {
    preview: (req) => call('reports:preview', req),
    print: (req) => call('reports:print', req),
    savePdf: (req) => call('reports:save-pdf', req),
  },
};

contextBridge.exposeInMainWorld('bench', api);
