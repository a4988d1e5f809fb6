export { ConnectionBar, type ConnectionsRequest } from './ConnectionBar';
export { LastSession } from './LastSession';
