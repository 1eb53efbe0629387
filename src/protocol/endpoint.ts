/**
 * Where the page finds the lab server: the WebSocket endpoint's path on the origin that served the page.
 */
export const WEBSOCKET_PATH = '/ws';
