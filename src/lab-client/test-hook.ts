/**
 * A read-only window into the lab panels for browser tests. Reading xterm's screen through the DOM is fragile
 * (rows are re-rendered, spaces collapse, the renderer may change), so when the page URL has the query
 * parameter `socketlab-test` the panels publish what tests need on `window.__socketlab`:
 *
 *   window.__socketlab.terminals['tcp-echo'].lines()  // every line of xterm's buffer (scrollback + screen),
 *                                                     // via getLine(i).translateToString(true): right-trimmed
 *   window.__socketlab.checks['tcp-echo']             // CheckStatus[] as last received
 *   window.__socketlab.status['tcp-echo']             // 'connecting' | 'live' | 'reconnecting' | 'failed'
 *   window.__socketlab.servers['tcp-echo']            // ServerInfo[] from the welcome (host and port to dial)
 *   window.__socketlab.events['tcp-echo']             // the server log, one eventLine() string per event,
 *                                                     // in the page's language, as the log shows it
 *   window.__socketlab.packets['tcp-echo']            // Packet[] the panel holds (oldest first, at most 2000)
 *   window.__socketlab.ladder['tcp-echo']             // the ladder's arrow labels for the connection or UDP flow
 *                                                     // it shows, in order, exactly as drawn ("SYN seq=0", …,
 *                                                     // 'UDP Len=12 "Hello,world!"')
 *   window.__socketlab.handshakes['tls-echo']         // TlsHandshake[] the panel holds, by connection number
 *   window.__socketlab.handshake['tls-echo']          // the handshake view's arrow labels for the connection it
 *                                                     // shows, in wire order ("1 ClientHello", …, "10 Finished"
 *                                                     // for TLS 1.2; "ClientHello", …, "Finished" for TLS 1.3)
 *   window.__socketlab.inspection['tls-echo']         // the certificate paste box: CertificateInspection
 *   window.__socketlab.questions['tcp-echo']          // QuestionStatus[] as last received
 *   window.__socketlab.capture['tcp-echo']            // CaptureStatus as last received
 *
 * Keys are lab ids. Once enabled the hook stays on for the life of the page, so client-side navigation (which
 * drops the query string) keeps publishing. Without the parameter nothing is exposed.
 */

import type { CaptureStatus, CheckStatus, Packet, QuestionStatus, ServerInfo, TlsHandshake } from '../protocol';
import type { ConnectionState } from './lab-connection';
import type { CertificateInspection } from './tls-state';

const TEST_HOOK_PARAMETER = 'socketlab-test';

export interface TerminalProbe {
  lines(): string[];
}

export interface SocketlabTestHook {
  readonly terminals: Record<string, TerminalProbe>;
  readonly checks: Record<string, readonly CheckStatus[]>;
  readonly status: Record<string, ConnectionState>;
  readonly servers: Record<string, readonly ServerInfo[]>;
  readonly events: Record<string, readonly string[]>;
  readonly packets: Record<string, readonly Packet[]>;
  readonly ladder: Record<string, readonly string[]>;
  readonly handshakes: Record<string, readonly TlsHandshake[]>;
  readonly handshake: Record<string, readonly string[]>;
  readonly inspection: Record<string, CertificateInspection>;
  readonly questions: Record<string, readonly QuestionStatus[]>;
  readonly capture: Record<string, CaptureStatus>;
}

declare global {
  interface Window {
    __socketlab?: SocketlabTestHook;
  }
}

/** The hook, created on first use, when the page was opened with `?socketlab-test`; otherwise undefined. */
export function testHook(): SocketlabTestHook | undefined {
  if (typeof window === 'undefined') return undefined;
  if (window.__socketlab !== undefined) return window.__socketlab;
  if (!new URLSearchParams(window.location.search).has(TEST_HOOK_PARAMETER)) return undefined;
  window.__socketlab = {
    terminals: {},
    checks: {},
    status: {},
    servers: {},
    events: {},
    packets: {},
    ladder: {},
    handshakes: {},
    handshake: {},
    inspection: {},
    questions: {},
    capture: {},
  };
  return window.__socketlab;
}
