/**
 * `host:port` as people and programs write it: IPv6 literals in brackets (`[::1]:20417`, RFC 3986 §3.2.2),
 * IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`, what a dual-stack socket reports) shown as the IPv4 address.
 * Written once for the page, the shell and the lab servers, so every address a student sees looks the same.
 */

export function formatHostPort(host: string, port: number | string): string {
  const shown = host.startsWith('::ffff:') && host.includes('.') ? host.slice(7) : host;
  return shown.includes(':') ? `[${shown}]:${port}` : `${shown}:${port}`;
}
