// Every scenario family, in the order `npm run bench` runs them.
import type { Family } from '../harness/scenario';
import { broadcast } from './broadcast';
import { consoleFamily } from './console';
import { consume } from './consume';
import { drainFamily } from './drain';
import { fanout } from './fanout';
import { filterFamily } from './filter';
import { latency } from './latency';
import { prefetchFamily } from './prefetch';
import { produce } from './produce';
import { scaleFamily } from './scale';
import { uiFamily } from './ui';

export const families: Family[] = [
  produce,
  drainFamily,
  consume,
  prefetchFamily,
  latency,
  fanout,
  broadcast,
  consoleFamily,
  filterFamily,
  scaleFamily,
  uiFamily,
];
