// Shortcut strings such as "Ctrl+1", "R", "Enter", "?" matched against key events, so the
// routes list and the screens can state their shortcuts as data.
export function matchesShortcut(e: KeyboardEvent, shortcut: string): boolean {
  const parts = shortcut.split('+');
  const key = parts.pop() ?? '';
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  if (mods.has('ctrl') !== (e.ctrlKey || e.metaKey)) return false;
  if (mods.has('alt') !== e.altKey) return false;
  if (mods.has('shift') && !e.shiftKey) return false;
  return e.key.toLowerCase() === key.toLowerCase();
}

/** Typing into a field must never trigger a screen shortcut like R. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range'].includes(type);
  }
  return false;
}

/** True when a modal dialog is open: screen shortcuts pause while it has the user's attention. */
export function modalOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}

// Physical keys of the character shortcuts: with Alt held, e.key is layout-dependent (macOS
// Option+R gives "®"), so the Alt forms are matched by the key's position.
const CODES: Record<string, string> = { '/': 'Slash' };

/**
 * A character shortcut of a screen (R, A, N, M on the bench; N and / on the case list). With
 * single-key shortcuts on it is the bare key; turned off in Settings (WCAG 2.1.4: speech input
 * and typing aids set bare letters off by accident) it is the same key with Alt.
 */
export function characterShortcut(e: KeyboardEvent, key: string, singleKeys: boolean): boolean {
  if (e.ctrlKey || e.metaKey) return false;
  if (singleKeys) return !e.altKey && e.key.toLowerCase() === key.toLowerCase();
  return e.altKey && e.code === (CODES[key] ?? `Key${key.toUpperCase()}`);
}

/** How a character shortcut is written on its button and in the help: "R", or "Alt+R" when single keys are off. */
export function shortcutLabel(key: string, singleKeys: boolean): string {
  return singleKeys ? key : `Alt+${key}`;
}

/** The shortcut list opens with "?" (a single key) or, always, with F1. */
export function helpShortcut(e: KeyboardEvent, singleKeys: boolean): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  return e.key === 'F1' || (singleKeys && e.key === '?');
}
