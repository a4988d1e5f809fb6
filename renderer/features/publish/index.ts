export { PublishPanel } from './PublishPanel';
