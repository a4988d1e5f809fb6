export { EntriesTab } from './EntriesTab';
