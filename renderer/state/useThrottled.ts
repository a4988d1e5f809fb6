import { useEffect, useRef, useState } from 'react';

/**
 * `value`, but changing at most once per `ms` (the latest value always lands, trailing). With
 * ms = 0 it follows immediately. Lets a view sample a fast feed instead of repainting per batch;
 * the store keeps every batch, only how often React redraws is limited.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const lastAt = useRef(0);
  useEffect(() => {
    if (ms <= 0) {
      // Kept in step so that a later interval starts from the value shown now.
      lastAt.current = Date.now();
      // eslint-disable-next-line react-hooks/set-state-in-effect -- a throttle's immediate updates follow the clock, which render cannot read
      setShown(value);
      return;
    }
    const wait = lastAt.current + ms - Date.now();
    if (wait <= 0) {
      // A change after a quiet interval shows in the same commit: the clock decides, not a render.
      lastAt.current = Date.now();
      setShown(value);
      return;
    }
    const timer = setTimeout(() => {
      lastAt.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return ms <= 0 ? value : shown;
}
