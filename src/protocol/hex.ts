/**
 * Hex and printable-text views of raw bytes, written once for the page, the shell and the checks. Student
 * payloads are shown through these and never interpreted: a `<script>` sent over TCP is shown as those
 * characters, and a byte that is not printable ASCII is shown as a dot (text view) or as its hex pair.
 */

const HEX = '0123456789abcdef';

export function bytesToHex(bytes: Uint8Array, separator = ''): string {
  const parts: string[] = [];
  for (const byte of bytes) parts.push(HEX[byte >> 4]! + HEX[byte & 15]!);
  return parts.join(separator);
}

/** Parses hex with optional whitespace or colons between pairs (`48 65 6c`, `48:65:6c`, `48656c`). */
export function hexToBytes(text: string): Uint8Array | undefined {
  const compact = text.replace(/[\s:]/g, '');
  if (compact.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(compact)) return undefined;
  const bytes = new Uint8Array(compact.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(compact.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Printable ASCII stays, everything else becomes `.` — the right-hand column of a hex dump. */
export function bytesToAscii(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
  return text;
}

/**
 * A C-string-like quoting of bytes, as strace shows them: `"Hello,world!\n"`, with `\xNN` for bytes that are not
 * printable ASCII. Used by the shell's narration, where the exact bytes matter more than pretty text.
 */
export function quoteBytes(bytes: Uint8Array, max = 64): string {
  let text = '"';
  const shown = bytes.subarray(0, max);
  for (const byte of shown) {
    if (byte === 0x0a) text += '\\n';
    else if (byte === 0x0d) text += '\\r';
    else if (byte === 0x09) text += '\\t';
    else if (byte === 0x22) text += '\\"';
    else if (byte === 0x5c) text += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) text += String.fromCharCode(byte);
    else text += `\\x${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  text += '"';
  return bytes.length > max ? `${text}...` : text;
}

/** Classic 16-bytes-a-row hex dump: offset, hex pairs, ASCII column. */
export function hexDump(bytes: Uint8Array): string[] {
  const rows: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = bytes.subarray(offset, offset + 16);
    const hex = bytesToHex(row, ' ').padEnd(47, ' ');
    rows.push(`${offset.toString(16).padStart(4, '0')}  ${hex}  ${bytesToAscii(row)}`);
  }
  return rows;
}
