// The desktop notification for an alert that fired: the main process shows it with Electron's
// Notification (the renderer's own Notification API stays denied in the desktop app).
import type { Alert } from '../../shared/alerts';
import { ALERT_METRIC_NAMES } from '../../shared/alerts';

export function alertNotification(alert: Alert): { title: string; body: string } {
  const what = alert.metric === 'instance' ? `instance ${alert.instance ?? ''} not live` : ALERT_METRIC_NAMES[alert.metric];
  return { title: `Streamscope: ${what} on ${alert.stream} / ${alert.group}`, body: alert.message };
}
