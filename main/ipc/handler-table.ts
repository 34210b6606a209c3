// The handler of every channel, as plain data over the services: no Electron here, so the test
// harness serves the very same table. Handlers receive requests the wrapper has already validated
// and the person main's session admitted (ctx.actor): every audited action is recorded under
// them, never under a name from the page (whose requests carry none).
import { IDLE_LOCK_MAX_MINUTES, IDLE_LOCK_MIN_MINUTES } from '../../preload/contract/session';
import { BenchError } from '../errors';
import type { AppServices } from '../services/app-services';
import { actorOf, type HandlerContext, type HandlerTable } from './wrapper';

const DUMP_FILTERS = [
  { name: 'Module dumps (ethtool hex, hex, binary)', extensions: ['txt', 'hex', 'bin', 'eeprom', 'dump', 'log'] },
  { name: 'All files', extensions: ['*'] },
];

export function createHandlerTable(services: AppServices): HandlerTable {
  const label = (ctx: HandlerContext): string => actorOf(ctx).label;
  return {
    'app:info': () => services.info,
    'lab:status': () => services.lab.status(),
    'lab:watch': (_req, ctx) => {
      // One subscription per page: a page that reloads and asks again replaces nothing, and each
      // is removed when its page goes away (records:changed and lab:status are pushed to it).
      const remove = services.lab.watch({ changed: (e) => ctx.emit('records:changed', e), status: (st) => ctx.emit('lab:status', st) });
      ctx.onSenderGone(remove);
      return services.lab.status();
    },
    'lab:settings': () => services.lab.settings(),
    'lab:choose-ca': () => services.lab.chooseCa(),
    'lab:test': (req) => services.lab.test(req),
    'lab:connect': (req, ctx) => services.lab.connect(req, actorOf(ctx)),
    'lab:disconnect': (_req, ctx) => services.lab.disconnect(actorOf(ctx)),
    'ports:list': () => services.hardware.listPorts(),
    'sim:modules': () => services.hardware.listSimulatedModules(),
    'bench:probe': (req) => services.bench.probe(req.programmer),
    // Every completed read is stored as a test run at once (issue 12), under the signed-in person.
    'bench:read': (req, ctx) => services.benchReads.read(req, actorOf(ctx), (e) => ctx.emit('bench:progress', e)),
    'bench:cancel': (req) => services.bench.cancel(req.readId),
    'bench:monitor-start': (req, ctx) => {
      let release: (() => void) | null = null;
      let ended = false;
      const started = services.bench.monitorStart(req, {
        reading: (e) => ctx.emit('bench:reading', e),
        ended: (e) => {
          ended = true;
          // The page is still there: its "gone" listener for this monitor is no longer needed.
          release?.();
          ctx.emit('bench:monitor-ended', e);
        },
      });
      // A monitor nobody watches would hold the programmer's port until the app quits.
      const remove = ctx.onSenderGone(() => void services.bench.monitorStop(started.monitorId));
      if (ended) remove();
      else release = remove;
      return started;
    },
    'bench:monitor-stop': (req) => services.bench.monitorStop(req.monitorId),
    'bench:watch-start': (req, ctx) => {
      const started = services.bench.watchStart(req.programmer, (e) => ctx.emit('bench:presence', e));
      // A watch nobody sees would hold the programmer's port until the app quits.
      ctx.onSenderGone(() => void services.bench.watchStop(started.watchId));
      return started;
    },
    'bench:watch-stop': (req) => services.bench.watchStop(req.watchId),
    'files:open-dump': async (req, ctx) => {
      // The path comes from the user's choice in main's dialog, never from the page.
      const chosen = await services.dialogs.openFile({ title: 'Open a module dump', filters: DUMP_FILTERS });
      if (chosen === null) return { canceled: true };
      return services.benchReads.openDump(chosen, { rxLightSource: req.rxLightSource ?? false, profileId: req.profileId }, actorOf(ctx));
    },
    'limits:list': () => services.limits.list(),
    'limits:import': (_req, ctx) => services.limits.importFile(actorOf(ctx)),
    'limits:new-version': (req, ctx) => services.limits.newVersion(req.profile, actorOf(ctx)),
    'settings:get': () => services.records.settings.all(),
    'settings:set': async (req, ctx) => {
      if (req.key === 'idleLockMinutes') {
        // How soon an unattended station locks is a supervisor's choice, not the one it locks on.
        await services.auth.require('supervisor');
        const n = Number(req.value);
        if (!Number.isInteger(n) || n < IDLE_LOCK_MIN_MINUTES || n > IDLE_LOCK_MAX_MINUTES) {
          throw new BenchError('INVALID_INPUT', `The idle lock is ${IDLE_LOCK_MIN_MINUTES} to ${IDLE_LOCK_MAX_MINUTES} whole minutes.`, { field: 'value' });
        }
      }
      const saved = await services.records.settings.set({ ...req, actor: label(ctx) });
      if (req.key === 'idleLockMinutes') services.auth.settingsChanged();
      return saved;
    },
    'testruns:record': (req, ctx) => services.testRuns.record(req, actorOf(ctx)),
    'testruns:list': (req) => ('caseId' in req ? services.records.testRuns.listForCase(req.caseId) : services.records.testRuns.listForSerial(req.serial)),
    'testruns:get': (req) => services.records.testRuns.get(req.id),
    'testruns:attach': (req, ctx) => services.testRuns.attach(req, actorOf(ctx)),
    'testruns:withdraw': (req, ctx) => services.testRuns.withdraw(req, actorOf(ctx)),
    'externaltests:record': async (req, ctx) => {
      // Where and by whom, as main knows it: the station setting and the signed-in person.
      const station = (await services.records.settings.get('station'))?.trim() ?? '';
      if (station === '') throw new BenchError('STATION_NOT_SET', 'This station has no name yet: set it in Settings, so every external test says where it was recorded.');
      return services.records.externalTests.record({ ...req, station, actor: label(ctx) });
    },
    'externaltests:list': (req) => ('caseId' in req ? services.records.externalTests.listForCase(req.caseId) : services.records.externalTests.listForSerial(req.serial)),
    'cases:create': (req, ctx) => services.records.repairs.createCase({ ...req, actor: label(ctx) }),
    'cases:list': (req) => services.records.repairs.listCases(req),
    'cases:get': (req) => services.records.repairs.getCaseDetail(req.id),
    'cases:find': (req) => services.cases.find(req.query),
    'cases:transition': (req, ctx) => services.records.repairs.transition({ ...req, actor: label(ctx) }),
    'cases:decide': (req, ctx) => services.records.repairs.decide({ ...req, actor: label(ctx) }),
    'cases:assign': (req, ctx) => services.records.repairs.assignTechnician({ ...req, actor: label(ctx) }),
    'cases:reopen': (req, ctx) => services.records.repairs.reopen({ ...req, actor: label(ctx) }),
    'cases:candidates': (req) => services.cases.candidates(req.serial),
    'cases:decide-preview': (req) => services.records.repairs.decidePreview(req),
    'customers:create': (req, ctx) => services.records.customers.create({ ...req, actor: label(ctx) }),
    'customers:list': (req) => services.records.customers.list(req.search),
    'customers:get': (req) => services.records.customers.get(req.id),
    'technicians:create': (req, ctx) => {
      services.auth.assertMayManage(actorOf(ctx), req.role);
      return services.records.technicians.create({ ...req, actor: label(ctx) });
    },
    'technicians:list': (req) => services.records.technicians.list({ includeInactive: req.includeInactive ?? false }),
    'technicians:set-active': async (req, ctx) => {
      const target = await services.records.technicians.get(req.technicianId);
      services.auth.assertMayManage(actorOf(ctx), target.role);
      if (target.id === actorOf(ctx).id && !req.active) throw new BenchError('INVALID_INPUT', 'You cannot deactivate yourself: another supervisor or engineering manager does that.');
      return services.records.technicians.setActive({ ...req, actor: label(ctx) });
    },
    'technicians:set-pin': async (req, ctx) => {
      await services.auth.setPin(actorOf(ctx), req.technicianId, req.pin);
      return services.records.technicians.get(req.technicianId);
    },
    'complaints:file': (req, ctx) => services.records.supervision.fileComplaint({ ...req, actor: label(ctx) }),
    'complaints:update': (req, ctx) => services.records.supervision.updateComplaint({ ...req, actor: label(ctx) }),
    'complaints:list': (req) => services.records.supervision.listComplaints(req),
    'calls:record': (req, ctx) => services.records.supervision.recordCall({ ...req, actor: label(ctx) }),
    'calls:pick-random': (req) => services.records.supervision.selectForFollowUp(req),
    'calls:list': (req) => services.records.supervision.listCalls(req),
    'stats:dashboard': (req) => services.records.statistics.statistics(req),
    'stats:scorecards': (req) => services.records.statistics.scorecards(req),
    'deliveries:import': (_req, ctx) => services.deliveries.importFile(actorOf(ctx)),
    'deliveries:preview': () => services.deliveries.preview(),
    'deliveries:commit': (req, ctx) => services.deliveries.commit(req.token, actorOf(ctx)),
    'deliveries:list': (req) => services.records.deliveries.listForSerial(req.serial),
    'audit:list': (req) => services.records.audit.list(req),
    'audit:verify': () => services.audit.verify(),
    'audit:chain-status': () => services.audit.chainStatus(),
    'backup:create': (_req, ctx) => services.backup.create(actorOf(ctx)),
    'backup:restore': (_req, ctx) => services.backup.restore(actorOf(ctx)),
    'export:cases': (req) => services.exports.cases(req),
    'export:test-runs': (req) => services.exports.testRuns(req),
    'reports:preview': (req) => services.reports.preview(req),
    'reports:print': (req) => services.reports.print(req),
    'reports:save-pdf': (req) => services.reports.savePdf(req),
    'session:status': () => services.auth.status(),
    'session:setup': (req) => services.auth.setup(req),
    'session:sign-in': (req) => services.auth.signIn(req),
    'session:unlock': (req) => services.auth.unlock(req),
    'session:lock': () => services.auth.lock('manual'),
    'session:sign-out': async () => {
      const status = await services.auth.signOut();
      await services.bench.standDown();
      return status;
    },
    // The wrapper has already counted the call as activity.
    'session:activity': () => services.auth.status(),
    'soak:start': (req, ctx) => services.soaks.start({ ...req, read: services.bench.getRead(req.readId) }, actorOf(ctx)),
    'soak:stop': (req) => services.soaks.stop(req.soakId),
    'soak:phase': (req, ctx) => services.soaks.phase(req.soakId, req.kind, req.note ?? null, actorOf(ctx)),
    'soak:status': (req) => services.soaks.status(req.soakId, req.eventsFrom ?? 0),
    'soak:list': () => services.soaks.list(),
    'soak:series': (req) => services.soaks.series(req.source, req.fromMs, req.toMs, req.buckets, req.channels),
    'soak:export': (req, ctx) => services.soaks.exportCsv(req.source, actorOf(ctx)),
  };
}
