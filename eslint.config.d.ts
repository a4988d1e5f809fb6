// Types for what the tests import from eslint.config.js (the layering zones, the Electron import ban).
export interface LayerZone {
  target: string;
  from: string | string[];
  except?: string[];
  message: string;
}
export const layers: LayerZone[];
export const noElectron: { paths: { name: string; message: string }[] };
declare const config: unknown[];
export default config;
