// Whether a host name names this machine's loopback: localhost, 127.0.0.0/8, or ::1 (with or
// without the brackets a URL puts around IPv6 addresses). Web mode's Host check and the desktop
// shell's dev-server check both ask it.
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}
