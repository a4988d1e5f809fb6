// Broadcast channel rates exist only while something measures them (broadcast.measureRates): a view
// that shows them starts a measurement when it opens and stops it when it closes.
import type { Bridge } from '../../shared';

/** Starts measuring; the returned function stops it (also if it is called before the start answered). */
export function measureBroadcastRates(bridge: Bridge): () => void {
  let stopped = false;
  let measureId: string | null = null;
  void bridge.invoke('broadcast.measureRates', {}).then((r) => {
    if (!r.ok) return; // rates then read "not measured", which is the truth
    measureId = r.value.measureId;
    if (stopped) void bridge.invoke('broadcast.stopRates', { measureId });
  });
  return () => {
    stopped = true;
    if (measureId) void bridge.invoke('broadcast.stopRates', { measureId });
  };
}

/** How a receiver count says it left out the console's own rate subscription (it hears every PUBLISH). */
export const OWN_RATE_SUBSCRIPTION = "Streamscope's own rate measurement, which hears every message";
