export { InstancesTab } from './InstancesTab';
export { createInstancesStore, isDark } from './instancesStore';
