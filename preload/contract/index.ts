// One import path for the renderer and main: `preload/contract`.
export * from './errors';
export * from './module';
export * from './hardware';
export * from './limits';
export * from './warranty';
export * from './api';
export * from './channels';
export * from './soak';
