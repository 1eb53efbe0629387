/**
 * The browser's WebSocket behind the small `LabSocket` interface the lab connection uses. Keeping the real
 * socket behind a factory lets the connection logic run in tests against an in-memory fake, with no browser and
 * no server.
 */

import type { LabSocket, LabSocketFactory, LabSocketHandlers } from './lab-socket';

export const browserSocketFactory: LabSocketFactory = (url: string, handlers: LabSocketHandlers): LabSocket => {
  // Throws a SyntaxError for a malformed URL; the connection reports that as a failure.
  const socket = new WebSocket(url);
  // The protocol is JSON text frames only; a binary frame arrives as an ArrayBuffer and is reported, not parsed.
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => handlers.onOpen();
  socket.onmessage = (event: MessageEvent<unknown>) => handlers.onMessage(event.data);
  // 'error' is always followed by 'close' and carries no detail (by design, to not leak network information),
  // so only 'close' is handled.
  socket.onclose = (event: CloseEvent) => handlers.onClose(event.code, event.reason);
  return {
    send(text: string): void {
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
    },
    close(): void {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) socket.close(1000);
    },
  };
};
