/**
 * Where the page's WebSocket goes, and where the session's capture downloads from. In production one process
 * serves the site and the socket, so the URL is the page's own origin with path `/ws` (`wss:` under https). In
 * development the Docusaurus dev server and the lab server are two processes, and `customFields.labServerWs`
 * (from SOCKETLAB_LAB_SERVER_WS) names the latter; its HTTP API is on the same host and port.
 */

import { WEBSOCKET_PATH } from '../protocol';

export function labServerUrl(
  configured: unknown,
  location: { readonly protocol: string; readonly host: string },
): string {
  if (typeof configured === 'string' && configured.trim() !== '') return configured.trim();
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${WEBSOCKET_PATH}`;
}

/**
 * The URL that downloads the session's capture: the welcome's `pcapng` path (its download token included) on
 * the lab server's HTTP origin (the WebSocket URL's, with `ws:` → `http:` and `wss:` → `https:`). Undefined for
 * anything but a plain absolute path, so a confused server cannot make the link point elsewhere (a
 * `javascript:` URL, or another host through `//host/…`).
 */
export function captureDownloadUrl(path: string, wsUrl: string): string | undefined {
  if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\')) return undefined;
  let url: URL;
  try {
    url = new URL(path, wsUrl);
  } catch {
    return undefined;
  }
  if (url.protocol === 'ws:') url.protocol = 'http:';
  else if (url.protocol === 'wss:') url.protocol = 'https:';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.href;
}
