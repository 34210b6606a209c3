import { useEffect, useState } from 'react';

/**
 * The value as it was `delayMs` after the last change. Typing a serial prefix fires one
 * server query when the hand stops, not one per keystroke over 200,000 cases.
 */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
