import { useEffect, useRef } from 'react';

/** Calls `tick` every `ms` while `on` (skipping while the tab is hidden): lists that wait on the outbox. */
export function usePolling(on: boolean, tick: () => void, ms = 3000) {
  const ref = useRef(tick);
  ref.current = tick;
  useEffect(() => {
    if (!on) return undefined;
    const h = window.setInterval(() => {
      if (document.visibilityState !== 'hidden') ref.current();
    }, ms);
    return () => window.clearInterval(h);
  }, [on, ms]);
}
