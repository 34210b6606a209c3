import { create } from 'zustand';

// One polite live region for the whole app (issue 12 item 12): the end of an action that a screen
// reader user cannot see happen (a read finished with its verdict, a case created, a status
// changed, a decision made) is said once, without taking the focus from where the next key goes.
// Regions made at the moment of the message are not read by every screen reader; this one is
// mounted with the shell and only its text changes.
interface AnnouncerState {
  text: string;
  seq: number;
}
const useAnnouncer = create<AnnouncerState>(() => ({ text: '', seq: 0 }));

/** Say `text` through the live region; the same words twice are said twice. */
export function announce(text: string): void {
  const seq = useAnnouncer.getState().seq + 1;
  // Emptied first, filled on the next frame: an unchanged text node is not announced again.
  useAnnouncer.setState({ text: '', seq });
  requestAnimationFrame(() => {
    if (useAnnouncer.getState().seq === seq) useAnnouncer.setState({ text });
  });
}

export function Announcer() {
  const text = useAnnouncer((s) => s.text);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {text}
    </div>
  );
}
