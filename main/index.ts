import { app } from 'electron';
import { createMainWindow } from './window';

// Composition root only: lifecycle, build services, register IPC, open the window.
void app.whenReady().then(() => {
  createMainWindow();
});
app.on('window-all-closed', () => app.quit());
