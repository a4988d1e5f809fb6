export { AlertsPanel, GroupAlerts } from './AlertsPanel';
export { thresholdsText } from './AlertRules';
