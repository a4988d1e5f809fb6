export { StreamView, type StreamTab } from './StreamView';
