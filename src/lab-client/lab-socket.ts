/**
 * What the lab connection needs of a WebSocket: send a text frame, close, and three callbacks. The browser's
 * WebSocket sits behind it in browser-socket.ts; tests put an in-memory fake in its place, so the connection's
 * logic runs with no browser and no server.
 */

export interface LabSocketHandlers {
  onOpen(): void;
  onMessage(data: unknown): void;
  onClose(code: number, reason: string): void;
}

/** After `close()` no handler may be called any more. */
export interface LabSocket {
  send(text: string): void;
  close(): void;
}

export type LabSocketFactory = (url: string, handlers: LabSocketHandlers) => LabSocket;
