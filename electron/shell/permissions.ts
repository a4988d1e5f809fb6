// Permission policy (Electron security checklist item 5): Electron grants every permission by
// default; we deny all of them except writing plain text to the clipboard, which the "copy"
// buttons need and which cannot read anything.
const ALLOWED = new Set<string>(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string): boolean {
  return ALLOWED.has(permission);
}

/** Only our own renderer may be granted even the allowed ones. */
export function decidePermission(permission: string, requestingUrlIsOurs: boolean): boolean {
  return requestingUrlIsOurs && isPermissionAllowed(permission);
}
