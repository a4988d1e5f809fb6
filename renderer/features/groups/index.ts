export { GroupsTab } from './GroupsTab';
export { createGroupsStore } from './groupsStore';
