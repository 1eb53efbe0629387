/**
 * `inspect-certificate`: a certificate or chain the student pasted into the viewer, read and verified against
 * the class PKI in the page's language; the report goes back as a `certificate` message, or the paste is refused
 * with its catalog error (LAB_ERR_CERT_*, LAB_ERR_KEY_*). The session does the work (`lab-server/certificates/
 * inspect.ts`): it knows the class root and the revocation list, and a pasted private key goes no further.
 */

import type { CertificateChainReport, InspectCertificateMessage } from '../../../src/protocol';
import type { Connection } from '../connection';

/** What this handler needs of the session: the report on a pasted certificate, in the page's language. */
export interface CertificateInspector {
  inspectCertificate(message: InspectCertificateMessage): CertificateChainReport;
}

export function handleInspectCertificate(
  connection: Connection,
  session: CertificateInspector,
  message: InspectCertificateMessage,
): void {
  connection.send({ type: 'certificate', report: session.inspectCertificate(message) });
}
