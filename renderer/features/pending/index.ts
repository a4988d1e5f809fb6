export { PendingTab } from './PendingTab';
export { createPendingStore } from './pendingStore';
