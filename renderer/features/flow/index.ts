export { FlowTab } from './FlowTab';
export { createFlowStore } from './flowStore';
export { layoutFlow } from './layout';
