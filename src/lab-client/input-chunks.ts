/**
 * Splits terminal input into pieces the lab server accepts. xterm hands over a paste as one string; an `input`
 * message may carry at most MAX_INPUT_CHARS UTF-16 code units, and its whole JSON frame at most
 * MAX_MESSAGE_BYTES of UTF-8. The second limit matters too: JSON writes a control character as six bytes
 * (`\u001b`), so 4096 escape characters would make a 24 KiB frame. Pieces never split a surrogate pair, so no
 * piece carries half an emoji.
 */

import { MAX_INPUT_CHARS, MAX_MESSAGE_BYTES } from '../protocol';

const encoder = new TextEncoder();

/** The UTF-8 size of the `input` frame that would carry `data`. */
export function inputFrameBytes(data: string): number {
  return encoder.encode(JSON.stringify({ type: 'input', data })).length;
}

export function splitInput(
  data: string,
  maxChars: number = MAX_INPUT_CHARS,
  maxFrameBytes: number = MAX_MESSAGE_BYTES,
): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(data.length, start + maxChars);
    end = avoidSplitPair(data, start, end);
    // Rarely needed (only for pastes full of control characters), so a simple halving search is enough.
    while (end - start > 1 && inputFrameBytes(data.slice(start, end)) > maxFrameBytes) {
      end = avoidSplitPair(data, start, start + Math.ceil((end - start) / 2));
    }
    pieces.push(data.slice(start, end));
    start = end;
  }
  return pieces;
}

/** Moves `end` back by one when it would fall between a high and a low surrogate (unless that leaves nothing). */
function avoidSplitPair(data: string, start: number, end: number): number {
  if (end >= data.length || end - start < 2) return end;
  const before = data.charCodeAt(end - 1);
  const after = data.charCodeAt(end);
  const isHigh = before >= 0xd800 && before <= 0xdbff;
  const isLow = after >= 0xdc00 && after <= 0xdfff;
  return isHigh && isLow ? end - 1 : end;
}
