import { useEffect, useRef, useState } from 'react';

/**
 * `value`, but changing at most once per `ms`: a change after a quiet interval shows at once, and
 * within an interval the latest value lands at its end (trailing). With ms = 0 it follows
 * immediately. Lets a view sample a fast feed instead of repainting per batch; the store keeps
 * every batch, only how often React redraws is limited.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const lastAt = useRef(0);
  useEffect(() => {
    if (ms <= 0) return;
    const timer = setTimeout(
      () => {
        lastAt.current = Date.now();
        setShown(value);
      },
      Math.max(0, lastAt.current + ms - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [value, ms]);
  return ms <= 0 ? value : shown;
}
