// Closing the app while a soak runs (issue 15 item 6): ask first. Kept out of main/index.ts so
// the decision is plain code the tests run; the Electron close handler only calls it.
import type { SoakLive } from '../../preload/contract/soak';

export interface CloseWords {
  title: string;
  message: string;
  stop: string;
  keep: string;
}

/** The question, in the app's language (the renderer's locales say the same). */
export const CLOSE_WORDS: Record<'en' | 'zh-CN', CloseWords> = {
  en: {
    title: 'A soak is running',
    message: 'Stop the soak and quit? It is kept with every sample so far and the module\'s controls are put back.',
    stop: 'Stop soak and quit',
    keep: 'Keep running',
  },
  'zh-CN': {
    title: '老化测试正在运行',
    message: '停止老化测试并退出？已采集的每个采样都会保存，模块的控制字节会被恢复。',
    stop: '停止老化测试并退出',
    keep: '继续运行',
  },
};

export interface CloseGuardDeps {
  running(): SoakLive[];
  /** Shows the question; resolves with the index of the button pressed (0 = stop and quit). */
  ask(words: CloseWords, detail: string): Promise<number>;
  language(): Promise<string>;
}

/**
 * True when the app may close now: no soak runs, or the person chose to stop them (the caller's
 * shutdown then stops and seals every soak). False keeps the window open and the soaks running.
 */
export async function mayCloseWithSoaks(deps: CloseGuardDeps): Promise<boolean> {
  const running = deps.running().filter((s) => s.state !== 'finished' && s.state !== 'failed');
  if (running.length === 0) return true;
  const lang = (await deps.language().catch(() => 'en')).startsWith('zh') ? 'zh-CN' : 'en';
  const words = CLOSE_WORDS[lang];
  const detail = running
    .map((s) => `${s.module.partNumber} ${s.module.serial}${s.rmaNumber ? ` (${s.rmaNumber})` : ''}: ${Math.round(s.elapsedMs / 60_000)} / ${Math.round(s.durationMs / 60_000)} min`)
    .join('\n');
  return (await deps.ask(words, detail)) === 0;
}
