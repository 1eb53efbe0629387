/**
 * The TLS room's public face: the session's key log, the handshake reader (one tshark run over a pcapng with
 * its keys) and the tracker that re-reads a session's recording as its TLS packets arrive, with the lab
 * server's shared limit on those runs. Everything else in this folder is an implementation detail.
 */

export type { ReadHandshake, ReadMessage } from './handshake-builder';
export {
  HandshakeReadError,
  MAX_CONNECTIONS,
  type ReadHandshakesOptions,
  readHandshakes,
  type TlsServerPort,
  tsharkArguments,
} from './handshake-reader';
export { certificatesSent, type HandshakeSummary, summarize } from './handshake-summary';
export {
  type CertificateVerifier,
  HandshakeTracker,
  type HandshakeTrackerOptions,
  MAX_TRACKED_CONNECTIONS,
} from './handshake-tracker';
export { handshakeReads, ReadLimiter } from './read-limiter';
export { SessionKeyLog, type SessionKeyLogOptions } from './session-keylog';
