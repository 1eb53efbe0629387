/**
 * Sizes and rates that both ends agree on. The browser keeps within them; the lab server enforces them, so a
 * hostile page or a runaway script costs the server a bounded amount of memory and time.
 */

/** Largest JSON text frame the lab server accepts and decodes (bytes). Larger ones get LAB_ERR_MESSAGE_TOO_LARGE. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/** Frames above this size are refused by the WebSocket layer itself (close code 1009) before being buffered. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/** Longest `input` chunk (UTF-16 code units): a paste larger than this is split by the page. */
export const MAX_INPUT_CHARS = 4096;

/** Messages a connection may send per second, averaged over a short window, before some are dropped. */
export const MAX_MESSAGES_PER_SECOND = 400;

/** How many payload bytes an `event` carries for display; the rest is counted, not copied. */
export const EVENT_PREVIEW_BYTES = 256;

export const TERMINAL_COLS = { min: 2, max: 500 } as const;
export const TERMINAL_ROWS = { min: 1, max: 300 } as const;

/** Longest answer to a capture question (UTF-16 code units). */
export const MAX_ANSWER_CHARS = 200;
