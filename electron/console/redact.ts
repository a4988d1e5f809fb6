// Passwords never leave the main process: every URL that reaches a reply, an event or a log goes
// through here first.

/** The URL with any password removed (the username stays: it is not a secret). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '';
    return parsed.toString();
  } catch {
    // Unparseable: drop anything between a colon and an @, where a password would sit.
    return url.replace(/:[^@\s]*@/g, '@');
  }
}

/** Splits credentials out of a URL so they can be stored apart from it. */
export function splitCredentials(url: string): { url: string; username?: string; password?: string } {
  const parsed = new URL(url);
  const username = parsed.username ? decodeURIComponent(parsed.username) : undefined;
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString(), username, password };
}
