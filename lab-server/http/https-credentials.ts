/**
 * The certificate and key the lab server serves HTTPS and WSS with (HTTPS_CERT, HTTPS_KEY): read once at start
 * and checked there, so that a wrong file stops the server with a sentence naming the file and the fix, instead
 * of a server that listens and then fails every handshake. The certificate file may hold the chain after the
 * leaf, as a CA's "fullchain.pem" does.
 */

import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';

/** The two files, as the environment names them. */
export interface HttpsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/** The files and what they hold (PEM), checked to be a certificate chain and the leaf's own private key. */
export interface HttpsCredentials extends HttpsFiles {
  readonly cert: string;
  readonly key: string;
}

/** A file that cannot serve HTTPS; the message says which file and what to do. */
export class HttpsCredentialsError extends Error {
  override readonly name = 'HttpsCredentialsError';
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const PRIVATE_KEY_BLOCK = /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/;
const ENCRYPTED_KEY_BLOCK = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/;

export function readHttpsCredentials(files: HttpsFiles): HttpsCredentials {
  const cert = readPem(files.certFile, 'HTTPS_CERT', 'the certificate');
  const key = readPem(files.keyFile, 'HTTPS_KEY', 'the private key');
  const blocks = cert.match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new HttpsCredentialsError(
      PRIVATE_KEY_BLOCK.test(cert)
        ? `HTTPS_CERT (${files.certFile}) holds a private key, not a certificate: are HTTPS_CERT and HTTPS_KEY swapped?`
        : `HTTPS_CERT (${files.certFile}) holds no PEM certificate (a "-----BEGIN CERTIFICATE-----" block). Give the certificate in PEM form; convert a DER one with: openssl x509 -inform der -in cert.der -out cert.pem`,
    );
  }
  const chain = blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new HttpsCredentialsError(
        `HTTPS_CERT (${files.certFile}): certificate ${index + 1} of ${blocks.length} is not a valid X.509 certificate (the file is damaged or truncated).`,
      );
    }
  });
  const leaf = chain[0]!;
  const privateKey = parseKey(key, files.keyFile);
  // The leaf is the certificate TLS presents with this key; a chain with the leaf elsewhere fails here too.
  if (!leaf.checkPrivateKey(privateKey)) {
    const other = chain.findIndex((certificate) => certificate.checkPrivateKey(privateKey));
    throw new HttpsCredentialsError(
      other > 0
        ? `HTTPS_CERT (${files.certFile}): the key matches certificate ${other + 1} of the file, not the first. Put the server's own certificate first, then the intermediates.`
        : `HTTPS_KEY (${files.keyFile}) is not the private key of the certificate in HTTPS_CERT (${files.certFile}, subject ${leaf.subject.replace(/\n/g, ', ')}). Give the key the certificate was issued for.`,
    );
  }
  try {
    createSecureContext({ cert, key, minVersion: 'TLSv1.2' });
  } catch (error) {
    throw new HttpsCredentialsError(
      `HTTPS_CERT (${files.certFile}) and HTTPS_KEY (${files.keyFile}) cannot serve TLS: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  return { ...files, cert, key };
}

function readPem(file: string, variable: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'there is no such file'
        : code === 'EACCES'
          ? 'the lab server’s user may not read it (chmod/chown it, or run as a user who may)'
          : code === 'EISDIR'
            ? 'it is a directory, not a file'
            : `${code ?? 'read error'}`;
    throw new HttpsCredentialsError(`${variable} (${file}) cannot be read: ${why}. Give the path of ${what}, PEM.`);
  }
}

function parseKey(key: string, file: string): KeyObject {
  if (ENCRYPTED_KEY_BLOCK.test(key)) {
    throw new HttpsCredentialsError(
      `HTTPS_KEY (${file}) is encrypted with a passphrase, which a service cannot type. Store it unencrypted, readable only by the lab server's user: openssl pkey -in encrypted.key -out server.key`,
    );
  }
  if (!PRIVATE_KEY_BLOCK.test(key)) {
    throw new HttpsCredentialsError(
      /-----BEGIN CERTIFICATE-----/.test(key)
        ? `HTTPS_KEY (${file}) holds a certificate, not a private key: are HTTPS_CERT and HTTPS_KEY swapped?`
        : `HTTPS_KEY (${file}) holds no PEM private key (a "-----BEGIN PRIVATE KEY-----" block). Give the certificate's private key in PEM form.`,
    );
  }
  try {
    return createPrivateKey(key);
  } catch {
    throw new HttpsCredentialsError(
      `HTTPS_KEY (${file}) is not a readable private key (the file is damaged or truncated).`,
    );
  }
}
