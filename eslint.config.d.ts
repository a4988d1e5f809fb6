// Types for what the tests import from eslint.config.js (the layering zones).
export interface LayerZone {
  target: string;
  from: string[];
  message: string;
}
export const layers: LayerZone[];
declare const config: unknown[];
export default config;
