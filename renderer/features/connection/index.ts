export { ConnectionBar, type ConnectionsRequest } from './ConnectionBar';
