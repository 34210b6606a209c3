// The only Electron-bound part of the IPC layer: one ipcMain.handle per channel, each going
// through dispatch() (wrapper.ts). Events go back to the WebContents that made the call.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNELS } from '../../preload/contract/channels';
import { dispatch, type DispatchOptions, type Emit, type HandlerTable } from './wrapper';

export function registerIpc(ipcMain: IpcMain, table: HandlerTable, opts: DispatchOptions): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      const frame = event.senderFrame;
      const sender = event.sender;
      const emit: Emit = (name, data) => {
        if (!sender.isDestroyed()) sender.send(name, data);
      };
      return dispatch(
        table,
        channel,
        payload,
        {
          senderUrl: frame ? frame.url : null,
          isMainFrame: frame !== null && frame.parent === null,
          emit,
          onSenderGone: (cleanup) => {
            sender.once('destroyed', cleanup);
            return () => {
              sender.removeListener('destroyed', cleanup);
            };
          },
        },
        opts,
      );
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}
