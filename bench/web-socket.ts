/**
 * The benchmark's WebSocket connections, opened and closed the way a page does: with the Origin a page of the
 * server would send, without compression, within a deadline; closed with a closing handshake, and dropped if
 * the server does not answer it.
 */

import { WebSocket } from 'ws';

/**
 * Opens `url` as a page of `origin` would and hands the socket to `wrap` within the `open` event itself, so the
 * wrapper's listeners are there before the first frame; rejects on an error, a refused upgrade or the deadline.
 */
export function openWebSocket<T>(
  url: string,
  origin: string,
  timeoutMs: number,
  wrap: (ws: WebSocket) => T,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin, perMessageDeflate: false, handshakeTimeout: timeoutMs });
    const onOpen = (): void => {
      ws.off('error', onError);
      ws.off('unexpected-response', onResponse);
      resolve(wrap(ws));
    };
    const onError = (error: Error): void => {
      ws.off('open', onOpen);
      reject(error);
    };
    const onResponse = (_request: unknown, response: { statusCode?: number }): void => {
      ws.off('open', onOpen);
      ws.terminate();
      reject(new Error(`the WebSocket upgrade was refused with HTTP ${response.statusCode ?? '?'}`));
    };
    ws.once('open', onOpen);
    ws.once('error', onError);
    ws.once('unexpected-response', onResponse);
  });
}

export function closeWebSocket(ws: WebSocket): void {
  ws.close(1000, 'bench done');
  // A server that does not answer the closing handshake is dropped anyway.
  setTimeout(() => ws.terminate(), 2000).unref();
}
