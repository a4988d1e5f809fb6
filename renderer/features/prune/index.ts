export { PruneDialog } from './PruneDialog';
