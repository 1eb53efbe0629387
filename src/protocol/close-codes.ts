/**
 * The WebSocket close codes the lab server uses, so a page that missed the last messages (it was not reading,
 * or the network dropped them) still learns from the close frame alone why it was closed. RFC 6455 §7.4.1
 * defines 1000–1015; §7.4.2 leaves 4000–4999 to applications. The reference page `docs/reference/protocol.md`
 * documents the same codes.
 */

export const CLOSE_CODES = {
  /** The session ended normally, or the page closed the connection. */
  normal: 1000,
  /** RFC 6455: "going away" — the lab server is stopping; a `shutdown` message went first. */
  serverStopping: 1001,
  /** Sent by the WebSocket layer: a text frame was not valid UTF-8. */
  invalidUtf8: 1007,
  /** Sent by the WebSocket layer: a frame was larger than MAX_FRAME_BYTES. */
  messageTooBig: 1009,
  /**
   * A fatal `error` went first; the close reason is its catalog code (`LAB_ERR_SESSION_LIMIT`, …), so the page
   * knows it even when it never read the error message.
   */
  fatalError: 4000,
} as const;
