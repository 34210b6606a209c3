// Which page may call main: the app's own renderer and nothing else (Electron security
// checklist item 17, "validate the sender of all IPC messages"). Pure, so it is unit-tested.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SenderPolicyOptions {
  /** Absolute path of out/renderer/index.html in a built or packaged app. */
  rendererFile?: string | undefined;
  /** electron-vite's dev server URL (ELECTRON_RENDERER_URL) in `npm run dev`; or the harness origin. */
  devServerUrl?: string | undefined;
}

function sameFile(a: string, b: string): boolean {
  const na = path.resolve(a);
  const nb = path.resolve(b);
  // Windows paths compare case-insensitively; elsewhere exactly.
  return process.platform === 'win32' ? na.toLowerCase() === nb.toLowerCase() : na === nb;
}

export function createSenderPolicy(opts: SenderPolicyOptions): (url: string) => boolean {
  const devOrigin = opts.devServerUrl ? new URL(opts.devServerUrl).origin : null;
  return (url: string) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return false;
    }
    if (u.protocol === 'file:') {
      if (!opts.rendererFile || u.host !== '') return false;
      try {
        return sameFile(fileURLToPath(u), opts.rendererFile);
      } catch {
        return false;
      }
    }
    if (devOrigin !== null && (u.protocol === 'http:' || u.protocol === 'https:')) return u.origin === devOrigin;
    return false;
  };
}

/** True when `url` is the app's own page: navigation allows exactly what IPC trusts. */
export function isAppUrl(url: string, opts: SenderPolicyOptions): boolean {
  return createSenderPolicy(opts)(url);
}

/** file: URLs are allowed only inside out/renderer: the page has no business reading other files. */
export function isInsideRendererDir(url: string, rendererFile: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol !== 'file:' || u.host !== '') return false;
    const rel = path.relative(path.dirname(rendererFile), fileURLToPath(u));
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  } catch {
    return false;
  }
}

/** Same host and port, over http(s) or the dev server's HMR WebSocket. */
export function isSameOrigin(a: string, b: string): boolean {
  try {
    const ua = new URL(a);
    const ub = new URL(b);
    // The dev server's HMR socket is ws:// on the same host and port.
    return ua.host === ub.host && ['http:', 'https:', 'ws:', 'wss:'].includes(ua.protocol);
  } catch {
    return false;
  }
}
