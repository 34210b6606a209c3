import { contextBridge } from 'electron';

// The narrow bridge: one function per channel (filled in by the Electron issue).
contextBridge.exposeInMainWorld('bench', {});
