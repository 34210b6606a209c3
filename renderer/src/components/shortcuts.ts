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
