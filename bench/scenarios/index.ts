// Every scenario family, in the order `npm run bench` runs them.
import type { Family } from '../harness/scenario';
import { consume } from './consume';
import { produce } from './produce';

export const families: Family[] = [produce, consume];
