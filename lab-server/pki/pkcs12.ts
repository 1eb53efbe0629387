/**
 * A client's certificate, chain and key as one PKCS#12 file (RFC 7292), for the tools that want one (`curl
 * --cert-type P12`, Windows and macOS key stores, Java, some boards' SDKs). The key is an EncryptedPrivateKeyInfo
 * made by Node (PBES2: PBKDF2 with HMAC-SHA256, AES-256-CBC); the certificates are not encrypted (they are
 * public); the whole is protected by an HMAC-SHA256 MAC whose key comes from the PKCS#12 KDF (`pkcs12-kdf.ts`).
 * OpenSSL 3 writes the same shape by default.
 */

import { createHash, createHmac, createPrivateKey, randomBytes } from 'node:crypto';
import { ContentInfo, id_data } from '@peculiar/asn1-cms';
import {
  AuthenticatedSafe,
  CertBag,
  id_certBag,
  id_pkcs8ShroudedKeyBag,
  id_x509Certificate,
  MacData,
  PFX,
  PKCS12Attribute,
  SafeBag,
  SafeContents,
} from '@peculiar/asn1-pfx';
import { DigestInfo } from '@peculiar/asn1-rsa';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { PKCS12_MAC_KEY_ID, pkcs12Kdf, pkcs12Password } from './pkcs12-kdf';

const SHA256 = '2.16.840.1.101.3.4.2.1';
/** PKCS#9 attributes that tie the key bag to its certificate bag and name them in a key store. */
const LOCAL_KEY_ID = '1.2.840.113549.1.9.21';
const FRIENDLY_NAME = '1.2.840.113549.1.9.20';
/** OpenSSL's default (PKCS12_DEFAULT_ITER); the password is one the lab made, not a user's secret. */
const MAC_ITERATIONS = 2048;

export function buildPkcs12(options: {
  readonly certificate: Uint8Array;
  readonly chain: readonly Uint8Array[];
  readonly keyPem: string;
  readonly password: string;
  readonly friendlyName: string;
}): Uint8Array {
  const localKeyId = createHash('sha1').update(options.certificate).digest();
  const attributes = [
    attribute(LOCAL_KEY_ID, AsnConvert.serialize(new OctetString(localKeyId))),
    attribute(FRIENDLY_NAME, bmpString(options.friendlyName)),
  ];
  const certificateBag = (der: Uint8Array, bagAttributes?: PKCS12Attribute[]) =>
    new SafeBag({
      bagId: id_certBag,
      bagValue: AsnConvert.serialize(
        new CertBag({ certId: id_x509Certificate, certValue: AsnConvert.serialize(new OctetString(der)) }),
      ),
      ...(bagAttributes === undefined ? {} : { bagAttributes }),
    });
  const encryptedKey = createPrivateKey(options.keyPem).export({
    type: 'pkcs8',
    format: 'der',
    cipher: 'aes-256-cbc',
    passphrase: options.password,
  });
  const keyBag = new SafeBag({
    bagId: id_pkcs8ShroudedKeyBag,
    bagValue: new Uint8Array(encryptedKey).buffer,
    bagAttributes: attributes,
  });
  const authenticatedSafe = new AuthenticatedSafe([
    dataContent(
      AsnConvert.serialize(
        new SafeContents([
          certificateBag(options.certificate, attributes),
          ...options.chain.map((der) => certificateBag(der)),
        ]),
      ),
    ),
    dataContent(AsnConvert.serialize(new SafeContents([keyBag]))),
  ]);
  const authSafeDer = new Uint8Array(AsnConvert.serialize(authenticatedSafe));
  // RFC 7292 §5.1 step 4 and appendix B: the MAC key from the KDF (ID 3), the MAC over the authSafe's content.
  const salt = randomBytes(16);
  const macKey = pkcs12Kdf({
    hash: 'sha256',
    password: pkcs12Password(options.password),
    salt,
    id: PKCS12_MAC_KEY_ID,
    iterations: MAC_ITERATIONS,
    length: 32,
  });
  const mac = createHmac('sha256', macKey).update(authSafeDer).digest();
  const pfx = new PFX({
    version: 3,
    authSafe: dataContent(authSafeDer),
    macData: new MacData({
      mac: new DigestInfo({
        digestAlgorithm: new AlgorithmIdentifier({ algorithm: SHA256, parameters: null }),
        digest: new OctetString(mac),
      }),
      macSalt: new OctetString(salt),
      iterations: MAC_ITERATIONS,
    }),
  });
  return new Uint8Array(AsnConvert.serialize(pfx));
}

/** asn1-pfx 2.11's PKCS12Attribute constructor drops its argument (`Object.assign(params)`): set the fields. */
function attribute(attrId: string, value: ArrayBuffer): PKCS12Attribute {
  return Object.assign(new PKCS12Attribute(), { attrId, attrValues: [value] });
}

/** A ContentInfo of type `data` (RFC 5652 §4) holding `der` as its OCTET STRING. */
function dataContent(der: ArrayBuffer | Uint8Array): ContentInfo {
  return new ContentInfo({ contentType: id_data, content: AsnConvert.serialize(new OctetString(der)) });
}

/** A DER BMPString (tag 30): UTF-16 big-endian, as PKCS#9 friendlyName is (RFC 2985 §5.5.1). */
function bmpString(text: string): ArrayBuffer {
  const body = pkcs12Password(text).subarray(0, text.length * 2);
  const n = body.length;
  const length = n < 0x80 ? [n] : n <= 0xff ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return new Uint8Array([0x1e, ...length, ...body]).buffer;
}
