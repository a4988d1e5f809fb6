// Shows a fast-changing value at most every `ms`: the first change at once, the latest one at the
// end of each interval. The store keeps every batch; only how often React redraws is limited.
import { useEffect, useRef, useState } from 'react';

export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(value);
  latest.current = value;

  const shownRef = useRef(value);
  shownRef.current = shown;

  useEffect(() => {
    if (Object.is(value, shownRef.current)) return; // nothing new (e.g. the first render)
    if (timer.current) return; // the pending trailing update will pick up the latest value
    const wait = last.current + ms - Date.now();
    if (wait <= 0) {
      last.current = Date.now();
      setShown(value);
      return;
    }
    timer.current = setTimeout(() => {
      timer.current = null;
      last.current = Date.now();
      setShown(latest.current);
    }, wait);
  }, [value, ms]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return shown;
}
