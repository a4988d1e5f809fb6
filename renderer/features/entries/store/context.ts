// What each domain step of the Entries store works with.
import type { Bridge } from '../../../../shared';
import type { PageReader } from './pageReader';
import type { EntriesStore } from './state';

/** What each step's actions work with: the bridge, the stream, the store, and the page reader. */
export interface StoreContext {
  bridge: Bridge;
  stream: string;
  set: EntriesStore['setState'];
  get: EntriesStore['getState'];
  pages: PageReader;
}
