/**
 * The session's TLS side as the panel holds it: the handshakes read from the capture, one per connection, and
 * the certificate the student pasted into the viewer with what the lab server said of it. A handshake arrives
 * again each time the lab server reads more of it (the Certificate after the ServerHello, the chain report
 * after the Certificate), so a newer copy replaces the one with the same server and connection in its place;
 * only the newest MAX_TLS_HANDSHAKES are kept, as the welcome keeps them. Pure, like `lab-state.ts`.
 */

import { type Localized, localized } from '../common/localized';
import {
  type CertificateChainReport,
  ERRORS,
  type ErrorCode,
  MAX_CERTIFICATE_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_TLS_HANDSHAKES,
  type TlsHandshake,
} from '../protocol';
import type { LabNotice } from './message-dispatch';

const TEXT = localized({
  en: {
    frameTooLarge: (kib: number, limit: number) =>
      `This paste makes a message of ${kib} KiB, and the lab server takes messages of up to ${limit} KiB: paste the leaf certificate alone, or the chain without its root.`,
  },
  'zh-Hans': {
    frameTooLarge: (kib, limit) =>
      `粘贴的内容组成的消息有 ${kib} KiB，而实验服务器只接受最大 ${limit} KiB 的消息：请只粘贴叶子证书，或者去掉根证书后的证书链。`,
  },
});

/** Which connection a handshake is: the session's number for it, at the server it was made to. */
export function handshakeKey(handshake: Pick<TlsHandshake, 'server' | 'connection'>): string {
  return `${handshake.server}#${handshake.connection}`;
}

/**
 * `current` with each of `incoming` put in: a handshake of a connection already held replaces it, a new one is
 * added; ordered by connection number (the order the session made them), at most MAX_TLS_HANDSHAKES, the
 * oldest dropped first.
 */
export function mergeHandshakes(
  current: readonly TlsHandshake[],
  incoming: readonly TlsHandshake[],
): readonly TlsHandshake[] {
  if (incoming.length === 0) return current;
  const byKey = new Map<string, TlsHandshake>();
  for (const handshake of current) byKey.set(handshakeKey(handshake), handshake);
  for (const handshake of incoming) byKey.set(handshakeKey(handshake), handshake);
  const merged = [...byKey.values()].sort(
    (a, b) => a.connection - b.connection || (a.server < b.server ? -1 : a.server > b.server ? 1 : 0),
  );
  return merged.length > MAX_TLS_HANDSHAKES ? merged.slice(-MAX_TLS_HANDSHAKES) : merged;
}

/** The certificate paste box: nothing asked yet, waiting for the lab server, its report, or why there is none. */
export type CertificateInspection =
  | { readonly state: 'idle' }
  | { readonly state: 'pending' }
  | { readonly state: 'done'; readonly report: CertificateChainReport }
  | { readonly state: 'failed'; readonly code: ErrorCode; readonly message: Localized };

export const NO_INSPECTION: CertificateInspection = { state: 'idle' };

/** What the student pastes: a certificate or chain, and optionally its key and the host to check it against. */
export interface InspectRequest {
  readonly pem: string;
  readonly key?: string;
  readonly host?: string;
}

/**
 * The catalog's answers to `inspect-certificate` that are about what was pasted: shown under the paste box, not
 * as a notice of the panel (the student fixes the paste, not the session).
 */
export function isCertificateError(code: ErrorCode): boolean {
  return (
    code === 'LAB_ERR_CERT_TOO_LARGE' ||
    code === 'LAB_ERR_CERT_PARSE' ||
    code === 'LAB_ERR_KEY_PARSE' ||
    code === 'LAB_ERR_KEY_MISMATCH'
  );
}

/**
 * Why the page will not send this paste, or undefined: a certificate over MAX_CERTIFICATE_BYTES (the catalog's
 * LAB_ERR_CERT_TOO_LARGE, as the lab server would say), or a message over the lab server's frame limit, which
 * it would refuse unread.
 */
export function inspectRefusal(request: InspectRequest): LabNotice | undefined {
  const utf8 = new TextEncoder();
  if (utf8.encode(request.pem).length > MAX_CERTIFICATE_BYTES) {
    return { code: 'LAB_ERR_CERT_TOO_LARGE', message: ERRORS.LAB_ERR_CERT_TOO_LARGE, fatal: false, source: 'page' };
  }
  const frame = utf8.encode(JSON.stringify({ type: 'inspect-certificate', ...request })).length;
  if (frame > MAX_MESSAGE_BYTES) {
    return {
      code: 'LAB_ERR_MESSAGE_TOO_LARGE',
      message: TEXT.frameTooLarge(Math.ceil(frame / 1024), MAX_MESSAGE_BYTES / 1024),
      fatal: false,
      source: 'page',
    };
  }
  return undefined;
}
