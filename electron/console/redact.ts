// Passwords never leave the main process: every URL that reaches a reply, an event or a log goes
// through here first.

/** `redis://[user[:pass]@]h1:p1,h2:p2[/db][?…]`: cluster seeds or sentinels (docs/cluster.md). */
const MULTI_HOST = /^(rediss?:\/\/)(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#@]*,[^/?#@]*(?:[/?#].*)?)$/;

/** The URL with any password removed (the username stays: it is not a secret). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '';
    return parsed.toString();
  } catch {
    const multiHost = MULTI_HOST.exec(url);
    if (multiHost) return multiHost[1] + (multiHost[2] ? `${multiHost[2]}@` : '') + multiHost[4];
    // Unparseable: drop anything between a colon and an @, where a password would sit.
    return url.replace(/:[^@\s]*@/g, '@');
  }
}

/** Splits credentials out of a URL so they can be stored apart from it. */
export function splitCredentials(url: string): { url: string; username?: string; password?: string } {
  // Several comma-separated hosts are no WHATWG URL.
  const multiHost = MULTI_HOST.exec(url);
  if (multiHost) {
    const [, scheme, user, pass, rest] = multiHost;
    return {
      url: scheme + rest,
      ...(user ? { username: decodeURIComponent(user) } : {}),
      ...(pass ? { password: decodeURIComponent(pass) } : {}),
    };
  }
  const parsed = new URL(url);
  const username = parsed.username ? decodeURIComponent(parsed.username) : undefined;
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString(), username, password };
}
