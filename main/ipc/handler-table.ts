// The handler of every channel, as plain data over the services: no Electron here, so the test
// harness serves the very same table. Handlers receive requests the wrapper has already validated.
import type { AppServices } from '../services/app-services';
import type { HandlerTable } from './wrapper';

const DUMP_FILTERS = [
  { name: 'Module dumps (ethtool hex, hex, binary)', extensions: ['txt', 'hex', 'bin', 'eeprom', 'dump', 'log'] },
  { name: 'All files', extensions: ['*'] },
];

export function createHandlerTable(services: AppServices): HandlerTable {
  return {
    'app:info': () => services.info,
    'ports:list': () => services.hardware.listPorts(),
    'sim:modules': () => services.hardware.listSimulatedModules(),
    'bench:probe': (req) => services.bench.probe(req.programmer),
    'bench:read': (req, ctx) => services.bench.read(req, (e) => ctx.emit('bench:progress', e)),
    'bench:cancel': (req) => services.bench.cancel(req.readId),
    'bench:monitor-start': (req, ctx) =>
      services.bench.monitorStart(req, {
        reading: (e) => ctx.emit('bench:reading', e),
        ended: (e) => ctx.emit('bench:monitor-ended', e),
      }),
    'bench:monitor-stop': (req) => services.bench.monitorStop(req.monitorId),
    'files:open-dump': async (req) => {
      // The path comes from the user's choice in main's dialog, never from the page.
      const chosen = await services.dialogs.openFile({ title: 'Open a module dump', filters: DUMP_FILTERS });
      if (chosen === null) return { canceled: true };
      const { read, format } = await services.bench.openDump(chosen, { rxLightSource: req.rxLightSource ?? false, profileId: req.profileId });
      return { canceled: false, read, format };
    },
    'limits:list': () => services.limits.list(),
  };
}
