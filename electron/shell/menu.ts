// The application menu as plain data: reload always, DevTools only in development, and an About
// entry. main.ts hands the template to Menu.buildFromTemplate; click handlers are injected.
export type MenuRole =
  | 'appMenu'
  | 'editMenu'
  | 'windowMenu'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'quit';

export interface MenuItemTemplate {
  label?: string;
  role?: MenuRole;
  type?: 'separator';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export function buildMenuTemplate(opts: { platform: NodeJS.Platform; isDevelopment: boolean; onAbout: () => void }): MenuItemTemplate[] {
  const about: MenuItemTemplate = { label: 'About Streamscope', click: opts.onAbout };
  const view: MenuItemTemplate[] = [
    { role: 'reload' },
    { role: 'forceReload' },
    ...(opts.isDevelopment ? [{ role: 'toggleDevTools' } as const] : []),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  const mac = opts.platform === 'darwin';
  return [
    // macOS shows the app menu first; its About must be ours (with the Redis version), not the stock panel.
    ...(mac ? [{ label: 'Streamscope', submenu: [about, { type: 'separator' } as const, { role: 'quit' } as const] }] : []),
    ...(mac ? [] : [{ label: 'File', submenu: [{ role: 'quit' } as const] }]),
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    ...(mac ? [] : [{ label: 'Help', submenu: [about] }]),
  ];
}

/** Lists every menu item (depth first), for tests and for finding items by role. */
export function flattenMenu(items: readonly MenuItemTemplate[]): MenuItemTemplate[] {
  return items.flatMap((item) => [item, ...flattenMenu(item.submenu ?? [])]);
}
