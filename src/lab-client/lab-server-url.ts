/**
 * Where the page's WebSocket goes. In production one process serves the site and the socket, so the URL is the
 * page's own origin with path `/ws` (`wss:` under https). In development the Docusaurus dev server and the lab
 * server are two processes, and `customFields.labServerWs` (from SOCKETLAB_LAB_SERVER_WS) names the latter.
 */

export const LAB_SERVER_PATH = '/ws';

export function labServerUrl(
  configured: unknown,
  location: { readonly protocol: string; readonly host: string },
): string {
  if (typeof configured === 'string' && configured.trim() !== '') return configured.trim();
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${LAB_SERVER_PATH}`;
}
