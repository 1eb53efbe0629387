/**
 * The failure advice catalog: every code the brief names is known, and each way a stack words the same failure
 * (Node's code, OpenSSL's verify number and name, Python's and OpenSSL's sentences, the alert's name) leads to
 * the same entry, in English and Chinese. The texts are the ones these stacks print here (OpenSSL 3.0, Python's
 * ssl, Node 20); `chain-report.test.ts` produces several of them from real handshakes.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCALES } from '../../src/common/localized';
import { ADVICE_CODES, adviceFor } from './failure-advice';

const NAMED = [
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_REVOKED',
  'CA_KEY_TOO_SMALL',
  'EE_KEY_TOO_SMALL',
  'CERT_SIGNATURE_FAILURE',
  'UNABLE_TO_GET_CRL',
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
];

describe('adviceFor', () => {
  it('knows every code Node names, with a meaning and a fix in every locale', () => {
    for (const code of [...NAMED, ...ADVICE_CODES]) {
      const advice = adviceFor(code);
      assert.ok(advice, code);
      for (const locale of LOCALES) {
        assert.ok(advice.meaning[locale].length > 10, `${code} meaning ${locale}`);
        assert.ok(advice.fix[locale].length > 10, `${code} fix ${locale}`);
      }
    }
  });

  it('says the words a Chinese IoT programmer looks for', () => {
    const zh = (code: string) => adviceFor(code)?.meaning['zh-Hans'] ?? '';
    assert.match(zh('CERT_HAS_EXPIRED'), /证书过期/);
    assert.match(zh('ERR_TLS_CERT_ALTNAME_INVALID'), /主机名不匹配/);
    assert.match(zh('DEPTH_ZERO_SELF_SIGNED_CERT'), /自签名证书/);
    assert.match(zh('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), /证书链不完整/);
    assert.match(zh('SELF_SIGNED_CERT_IN_CHAIN'), /根证书不受信任/);
    assert.match(zh('CERT_REVOKED'), /证书已吊销/);
    assert.match(adviceFor('CERT_NOT_YET_VALID')?.fix.en ?? '', /NTP\/SNTP/);
  });

  it('maps OpenSSL verify numbers and X509_V_ERR_ names to the same entries as Node codes', () => {
    const same: readonly (readonly [string, string])[] = [
      ['9', 'CERT_NOT_YET_VALID'],
      ['10', 'CERT_HAS_EXPIRED'],
      ['18', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
      ['19', 'SELF_SIGNED_CERT_IN_CHAIN'],
      ['20', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'],
      ['21', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
      ['23', 'CERT_REVOKED'],
      ['62', 'ERR_TLS_CERT_ALTNAME_INVALID'],
      ['X509_V_ERR_CERT_HAS_EXPIRED', 'CERT_HAS_EXPIRED'],
      ['certificate_required', 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'],
      ['unknown_ca', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'],
    ];
    for (const [other, node] of same) assert.deepEqual(adviceFor(other), adviceFor(node), other);
  });

  it("reads Python's, Node's and openssl's whole messages", () => {
    const texts: readonly (readonly [string, string])[] = [
      [
        '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)',
        'CERT_HAS_EXPIRED',
      ],
      [
        '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain (_ssl.c:1006)',
        'SELF_SIGNED_CERT_IN_CHAIN',
      ],
      [
        '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)',
        'DEPTH_ZERO_SELF_SIGNED_CERT',
      ],
      [
        '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)',
        'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      ],
      [
        '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to verify the first certificate (_ssl.c:1006)',
        'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      ],
      [
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'wrong.example'. (_ssl.c:1006)",
        'ERR_TLS_CERT_ALTNAME_INVALID',
      ],
      [
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: IP address mismatch, certificate is not valid for '127.0.0.2'. (_ssl.c:1006)",
        'ERR_TLS_CERT_ALTNAME_INVALID',
      ],
      [
        '[SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED] tlsv13 alert certificate required (_ssl.c:2580)',
        'certificate_required',
      ],
      ['[SSL: SSLV3_ALERT_CERTIFICATE_REVOKED] sslv3 alert certificate revoked (_ssl.c:2580)', 'certificate_revoked'],
      ['sslv3 alert certificate revoked', 'certificate_revoked'],
      ['verify error:num=10:certificate has expired', 'CERT_HAS_EXPIRED'],
      ['Verify return code: 21 (unable to verify the first certificate)', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
      [
        'C0E7:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:SSL alert number 116',
        'certificate_required',
      ],
      [
        "Hostname/IP does not match certificate's altnames: Host: wrong.example. is not in the cert's altnames: DNS:localhost",
        'ERR_TLS_CERT_ALTNAME_INVALID',
      ],
    ];
    for (const [text, code] of texts) {
      assert.ok(adviceFor(text), text);
      assert.deepEqual(adviceFor(text), adviceFor(code), text);
    }
  });

  it('knows nothing of what is not a TLS failure, and reads only the start of a huge text', () => {
    assert.equal(adviceFor(''), undefined);
    assert.equal(adviceFor('ECONNREFUSED'), undefined);
    assert.equal(adviceFor('0'), undefined);
    assert.equal(adviceFor('Verify return code: 0 (ok)'), undefined);
    assert.equal(adviceFor(`${'x'.repeat(10_000)} certificate has expired`), undefined);
  });
});
