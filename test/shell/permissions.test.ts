import { describe, expect, it } from 'vitest';
import { decidePermission, isPermissionAllowed } from '../../electron/shell/permissions';

describe('permission policy', () => {
  it.each([
    'media',
    'geolocation',
    'notifications',
    'midi',
    'midiSysex',
    'pointerLock',
    'fullscreen',
    'openExternal',
    'clipboard-read',
    'display-capture',
    'hid',
    'serial',
    'usb',
    'fileSystem',
    'idle-detection',
    'window-management',
    'storage-access',
    'unknown',
  ])('denies %s', (permission) => {
    expect(isPermissionAllowed(permission)).toBe(false);
    expect(decidePermission(permission, true)).toBe(false);
  });

  it('grants plain-text clipboard writes to our renderer only', () => {
    expect(decidePermission('clipboard-sanitized-write', true)).toBe(true);
    expect(decidePermission('clipboard-sanitized-write', false)).toBe(false);
  });
});
