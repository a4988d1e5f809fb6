export { JoinInstancePanel } from './JoinInstancePanel';
export { createJoinStore } from './joinStore';
