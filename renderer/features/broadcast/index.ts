export { BroadcastView } from './BroadcastView';
export { createBroadcastStore } from './broadcastStore';
export { foldFanout } from './fanout';
export { SubscriptionsBadge } from './SubscriptionsBadge';
