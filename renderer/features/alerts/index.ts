export { AlertsPanel, GroupAlerts, thresholdsText } from './AlertsPanel';
