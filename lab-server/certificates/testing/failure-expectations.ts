/**
 * What the chain report must say of each failure certificate of the class PKI's kinds: the one verification step
 * that fails, and the code Node's `tls` gives for it. The unit test holds the report to it, the integration test
 * holds it to a real handshake.
 */

import type { VerificationStepKind } from '../../../src/protocol/certificate';
import type { FailureCertificate } from '../../pki/pki';

export const EXPECTED_FAILURES: Readonly<Record<FailureCertificate, { step: VerificationStepKind; code: string }>> = {
  expired: { step: 'validity', code: 'CERT_HAS_EXPIRED' },
  'not-yet-valid': { step: 'validity', code: 'CERT_NOT_YET_VALID' },
  'wrong-host': { step: 'name', code: 'ERR_TLS_CERT_ALTNAME_INVALID' },
  'self-signed': { step: 'chain', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
  'untrusted-root': { step: 'chain', code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' },
  'incomplete-chain': { step: 'chain', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
  revoked: { step: 'revocation', code: 'CERT_REVOKED' },
  // RSA 1024 signed with SHA-1: both are refused at level 2; Node reports the later of OpenSSL's two errors.
  weak: { step: 'strength', code: 'CA_MD_TOO_WEAK' },
};
