// The contract already strips passwords from URLs; the UI masks again so a password typed into a
// URL field can never end up on screen (or in a screenshot).
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/]*)@/i, (_all, scheme: string, auth: string) => {
    const colon = auth.indexOf(':');
    if (colon === -1) return `${scheme}${auth}@`;
    const user = auth.slice(0, colon);
    return `${scheme}${user}:***@`;
  });
}
