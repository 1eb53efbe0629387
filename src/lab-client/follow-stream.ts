/**
 * Wireshark's "Follow TCP Stream" for one of the session's connections: the bytes each side sent, put back in
 * sequence order the way the receiving TCP does (RFC 9293 §3.10.7.4): a retransmission is shown once, a segment
 * that arrived early waits for the gap before it, and an overlap is trimmed. What the page cannot show is said,
 * not guessed: bytes of a segment beyond the 2 KiB the page holds, bytes before the packets it still holds, and
 * a gap the capture never filled. Then the bytes as text — UTF-8 as itself, every control character, invalid
 * byte and bidi control as a visible escape (`\r`, `\x00`, `\u202e`) — or as hex rows. Pure: no DOM, no React;
 * the view renders the runs as text nodes, never as markup.
 */

import { bytesToAscii, bytesToHex, hexToBytes, type Packet, packetDirection } from '../protocol';

const TCP_SYN = 0x002;

export type StreamSide = 'client' | 'server';

export type MissingReason =
  /** The segment was longer than the part of it the page holds (2 KiB). */
  | 'not-held'
  /** Earlier bytes of the stream are in packets the page no longer holds, or that were captured before. */
  | 'before'
  /** A gap in sequence numbers that no captured segment filled. */
  | 'lost';

export type StreamPiece =
  | {
      readonly kind: 'data';
      readonly side: StreamSide;
      readonly bytes: Uint8Array;
      /** Where the bytes start in this side's stream (0 is the first byte after the SYN). */
      readonly offset: number;
      /** The packets the bytes came from, in capture order. */
      readonly packetIds: readonly number[];
    }
  | {
      readonly kind: 'missing';
      readonly side: StreamSide;
      readonly length: number;
      readonly offset: number;
      readonly reason: MissingReason;
    };

export interface FollowedStream {
  /** In the order the stream advanced: consecutive data of one side is one piece. */
  readonly pieces: readonly StreamPiece[];
  /** Bytes each side sent, as far as the stream got (shown and missing). */
  readonly length: Readonly<Record<StreamSide, number>>;
  /** Segments whose bytes had all been seen already: retransmissions, shown once. */
  readonly retransmitted: number;
  /** Segments that came before a gap was filled, and waited for it. */
  readonly reordered: number;
}

interface SideState {
  /** The relative sequence number of the next byte expected: 1, the byte after the SYN. */
  next: number;
  /** Whether the page holds this side's SYN, so that its stream is known to start at 1. */
  sawSyn: boolean;
  /** Whether any of this side's data arrived yet. */
  sawData: boolean;
  /** Segments beyond `next`, by sequence number: they wait for the gap before them. */
  readonly early: Map<number, Packet>;
}

/**
 * The stream of one connection's packets (all of one `tcp.connection`, in capture order); `serverPort` tells
 * the client's bytes from the server's.
 */
export function followStream(packets: readonly Packet[], serverPort: number): FollowedStream {
  // Built as drafts that gather a side's consecutive segments, joined once at the end: joining as they come
  // would copy a long one-way burst over and over.
  const drafts: Draft[] = [];
  const state: Record<StreamSide, SideState> = {
    client: { next: 1, sawSyn: false, sawData: false, early: new Map() },
    server: { next: 1, sawSyn: false, sawData: false, early: new Map() },
  };
  let retransmitted = 0;
  let reordered = 0;

  const push = (piece: StreamPiece): void => {
    const last = drafts[drafts.length - 1];
    if (piece.kind === 'data' && last?.kind === 'data' && last.side === piece.side) {
      last.parts.push(piece.bytes);
      last.packetIds.push(...piece.packetIds);
    } else if (piece.kind === 'data') {
      drafts.push({ ...piece, parts: [piece.bytes], packetIds: [...piece.packetIds] });
    } else {
      drafts.push(piece);
    }
  };

  /** Delivers the part of `packet` from `side.next` on, which the caller knows is not after a gap. */
  const deliver = (side: StreamSide, packet: Packet): void => {
    const tcp = packet.tcp!;
    const own = state[side];
    const skip = own.next - tcp.seq;
    const held = heldBytes(packet);
    if (skip < held.length) {
      push({ kind: 'data', side, bytes: held.subarray(skip), offset: own.next - 1, packetIds: [packet.id] });
    }
    const unheld = tcp.len - Math.max(held.length, skip);
    if (unheld > 0) {
      push({ kind: 'missing', side, length: unheld, offset: tcp.seq + tcp.len - unheld - 1, reason: 'not-held' });
    }
    own.next = tcp.seq + tcp.len;
  };

  /** Delivers waiting segments that the stream has now reached. */
  const drain = (side: StreamSide): void => {
    const own = state[side];
    for (;;) {
      let found: Packet | undefined;
      for (const [seq, packet] of own.early) {
        if (seq <= own.next && (found === undefined || seq < found.tcp!.seq)) found = packet;
      }
      if (found === undefined) return;
      own.early.delete(found.tcp!.seq);
      if (found.tcp!.seq + found.tcp!.len > own.next) deliver(side, found);
    }
  };

  for (const packet of packets) {
    const tcp = packet.tcp;
    if (tcp === undefined) continue;
    const side: StreamSide = packetDirection(packet, serverPort) === 'from-server' ? 'server' : 'client';
    const own = state[side];
    if ((tcp.flags & TCP_SYN) !== 0) own.sawSyn = true;
    if (tcp.len === 0) continue;
    const first = !own.sawData;
    own.sawData = true;
    const end = tcp.seq + tcp.len;
    if (end <= own.next) {
      retransmitted++;
      continue;
    }
    if (tcp.seq > own.next) {
      // Without the SYN, the first segment the page holds may start after bytes it no longer holds (or the
      // capture never saw); with it, a later start is a segment that overtook the first one.
      if (first && !own.sawSyn) {
        push({ kind: 'missing', side, length: tcp.seq - 1, offset: 0, reason: 'before' });
        own.next = tcp.seq;
      } else {
        const waiting = own.early.get(tcp.seq);
        if (waiting !== undefined && waiting.tcp!.len >= tcp.len) retransmitted++;
        else {
          if (waiting === undefined) reordered++;
          own.early.set(tcp.seq, packet);
        }
        continue;
      }
    }
    deliver(side, packet);
    drain(side);
  }

  // What never got its gap filled: shown after the gap, said to be one.
  for (const side of ['client', 'server'] as const) {
    const own = state[side];
    const waiting = [...own.early.values()].sort((a, b) => a.tcp!.seq - b.tcp!.seq);
    own.early.clear();
    for (const packet of waiting) {
      const tcp = packet.tcp!;
      if (tcp.seq + tcp.len <= own.next) continue;
      if (tcp.seq > own.next) {
        push({ kind: 'missing', side, length: tcp.seq - own.next, offset: own.next - 1, reason: 'lost' });
        own.next = tcp.seq;
      }
      deliver(side, packet);
    }
  }

  return {
    pieces: drafts.map((draft): StreamPiece => {
      if (draft.kind === 'missing') return draft;
      const { parts, ...piece } = draft;
      return { ...piece, bytes: parts.length === 1 ? parts[0]! : concat(parts) };
    }),
    length: { client: state.client.next - 1, server: state.server.next - 1 },
    retransmitted,
    reordered,
  };
}

function heldBytes(packet: Packet): Uint8Array {
  return hexToBytes(packet.payload.hex) ?? new Uint8Array();
}

type Draft =
  | Extract<StreamPiece, { kind: 'missing' }>
  | (Omit<Extract<StreamPiece, { kind: 'data' }>, 'bytes' | 'packetIds'> & {
      readonly parts: Uint8Array[];
      readonly packetIds: number[];
    });

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

// ---------------------------------------------------------------- as text

/** A run of the text view: text shown as itself, an escape standing for what may not be, or a line break. */
export type TextRun =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'escape'; readonly text: string }
  /** A received `\n`: shown as the escape, then a real line break. */
  | { readonly kind: 'newline'; readonly text: string };

function hex2(code: number): string {
  return code.toString(16).padStart(2, '0');
}

/** How a code point that must not be shown as itself is written instead; undefined when it may be. */
function escapeOf(code: number): string | undefined {
  if (code === 0x0d) return '\\r';
  if (code === 0x09) return '\\t';
  if (code < 0x20 || code === 0x7f) return `\\x${hex2(code)}`;
  // C1 controls, and the bidi embeddings, overrides and isolates that reorder text around them (CVE-2021-42574).
  if (code >= 0x80 && code < 0xa0) return `\\u${code.toString(16).padStart(4, '0')}`;
  if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return `\\u${code.toString(16)}`;
  // Zero-width and invisible formatting characters would hide bytes from the student.
  if (code === 0x200b || code === 0x200e || code === 0x200f || code === 0xfeff) return `\\u${code.toString(16)}`;
  return undefined;
}

/**
 * The bytes as runs of visible text: UTF-8 as characters, a byte that is not UTF-8 as `\xNN`, controls as
 * escapes, and each `\n` as `\n` plus a line break (so `\r\n` reads `\r\n` at the end of its line).
 */
export function streamText(bytes: Uint8Array): TextRun[] {
  const runs: TextRun[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') runs.push({ kind: 'text', text });
    text = '';
  };
  const pushEscape = (kind: 'escape' | 'newline', value: string): void => {
    flush();
    const last = runs[runs.length - 1];
    if (kind === 'escape' && last?.kind === 'escape') runs[runs.length - 1] = { kind, text: last.text + value };
    else runs.push({ kind, text: value });
  };
  for (let i = 0; i < bytes.length; ) {
    const [code, size] = decodeUtf8(bytes, i);
    if (code === undefined) {
      pushEscape('escape', `\\x${hex2(bytes[i]!)}`);
      i += 1;
      continue;
    }
    i += size;
    if (code === 0x0a) {
      pushEscape('newline', '\\n');
      continue;
    }
    const escaped = escapeOf(code);
    if (escaped === undefined) text += String.fromCodePoint(code);
    else pushEscape('escape', escaped);
  }
  flush();
  return runs;
}

/** One UTF-8 sequence at `i`: its code point and length, or undefined for a byte that starts no valid one. */
function decodeUtf8(bytes: Uint8Array, i: number): [number | undefined, number] {
  const first = bytes[i]!;
  if (first < 0x80) return [first, 1];
  const size =
    first >= 0xc2 && first <= 0xdf ? 2 : first >= 0xe0 && first <= 0xef ? 3 : first >= 0xf0 && first <= 0xf4 ? 4 : 0;
  if (size === 0 || i + size > bytes.length) return [undefined, 1];
  let code = first & (0xff >> (size + 1));
  for (let k = 1; k < size; k++) {
    const next = bytes[i + k]!;
    if ((next & 0xc0) !== 0x80) return [undefined, 1];
    code = (code << 6) | (next & 0x3f);
  }
  // RFC 3629 §3: no overlong forms, no surrogates, nothing past U+10FFFF.
  const min = size === 2 ? 0x80 : size === 3 ? 0x800 : 0x10000;
  if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return [undefined, 1];
  return [code, size];
}

// ---------------------------------------------------------------- as hex

/** Hex rows as Wireshark's follow view prints them: `00000010  48 65 6c 6c 6f  Hello`, offsets in the stream. */
export function streamHexRows(bytes: Uint8Array, offset: number): string[] {
  const rows: string[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const row = bytes.subarray(at, at + 16);
    const hex = bytesToHex(row, ' ').padEnd(47, ' ');
    rows.push(`${(offset + at).toString(16).padStart(8, '0')}  ${hex}  ${bytesToAscii(row)}`);
  }
  return rows;
}
