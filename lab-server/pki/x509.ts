/**
 * The one place the X.509 library is set up, so every file of the PKI imports it from here: @peculiar/x509 keeps
 * its algorithm registry in tsyringe, which needs a `Reflect.metadata` polyfill loaded first, and it must be told
 * to use Node's WebCrypto. The key and signature algorithms the class PKI uses are named here once.
 */

import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// The lab server compiles without the DOM library, so WebCrypto's types are Node's own declarations of them.
export type CryptoKey = webcrypto.CryptoKey;
export type CryptoKeyPair = webcrypto.CryptoKeyPair;
export type EcdsaParams = webcrypto.EcdsaParams;
export type SigningAlgorithm = webcrypto.Algorithm | webcrypto.EcdsaParams;
type KeyAlgorithm = webcrypto.EcKeyGenParams | webcrypto.RsaHashedKeyGenParams;

// Node's `webcrypto` is the standard Crypto; its declarations differ from the DOM's (where a config has both) in
// Node-only additions, hence the cast to what the library declares.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[1]);

export { x509 };
export const { subtle } = webcrypto;

/** ECDSA P-256: every CA of the class PKI, the default server certificate and the client certificates. */
export const ECDSA_P256: webcrypto.EcKeyGenParams & webcrypto.EcKeyImportParams = {
  name: 'ECDSA',
  namedCurve: 'P-256',
};

/** RSA 2048 for the TLS 1.2 RSA key exchange (`TLS_RSA_WITH_AES_128_CBC_SHA`): the client encrypts to this key. */
export function rsaKey(bits: 1024 | 2048): webcrypto.RsaHashedKeyGenParams {
  return { name: 'RSASSA-PKCS1-v1_5', modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
}

export const ECDSA_SHA256: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

export type { KeyAlgorithm };
