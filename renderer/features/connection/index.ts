export { ConnectionBar } from './ConnectionBar';
