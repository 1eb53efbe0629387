/**
 * Reads one WebSocket frame from the lab server, at the page's boundary: a JSON text frame becomes a validated
 * `ServerMessage` (through the protocol's decoder), anything else a notice that says what was wrong with it, so
 * a bad frame is reported and never crashes the page. The two kinds of bad frame are told apart because the
 * connection treats them differently before the welcome (see lab-connection.ts).
 */

import { localized } from '../common/localized';
import { decodeServerMessage, type ErrorCode, LabError, type ServerMessage } from '../protocol';
import type { LabNotice } from './message-dispatch';

const TEXT = localized({
  en: {
    binary: 'The lab server sent a binary frame; the protocol uses JSON text frames only.',
    unreadable: (detail: string) => `This page could not read a message: ${detail}`,
  },
  'zh-Hans': {
    binary: '实验服务器发来了一个二进制帧；本协议只使用 JSON 文本帧。',
    unreadable: (detail) => `这个页面读不懂一条消息：${detail}`,
  },
});

export type ServerFrame =
  | { readonly kind: 'message'; readonly message: ServerMessage }
  /** A binary frame: the protocol has none, but one says nothing about the text frames around it. */
  | { readonly kind: 'binary'; readonly notice: LabNotice }
  /** A text frame that is not a message this page knows: malformed JSON, an unknown type, a missing field. */
  | { readonly kind: 'invalid'; readonly notice: LabNotice };

/** `data` as the socket delivered it: a string for a text frame, an ArrayBuffer for a binary one. */
export function readServerFrame(data: unknown): ServerFrame {
  if (typeof data !== 'string') {
    return {
      kind: 'binary',
      notice: {
        code: 'LAB_ERR_MESSAGE_BINARY',
        message: TEXT.binary,
        fatal: false,
        source: 'page',
      },
    };
  }
  try {
    return { kind: 'message', message: decodeServerMessage(data) };
  } catch (error) {
    const code: ErrorCode = error instanceof LabError ? error.code : 'LAB_ERR_MESSAGE_INVALID';
    const detail = error instanceof LabError ? error.text : error instanceof Error ? error.message : String(error);
    return { kind: 'invalid', notice: { code, message: TEXT.unreadable(detail), fatal: false, source: 'page' } };
  }
}
