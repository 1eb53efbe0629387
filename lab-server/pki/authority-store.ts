/**
 * The class root and intermediate on disk: made on the first start, loaded on every later one, so a board that
 * was given the class root yesterday still trusts today's server certificates. Four PEM files in the PKI
 * directory; each is written to a temporary file and renamed into place (rename is atomic on POSIX), so a crash
 * leaves the old file or the new one, never half a key. What is loaded is checked — each key is its
 * certificate's, the intermediate is the root's — and a file that fails says which it is and how to start over.
 */

import { createPublicKey, KeyObject, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Authority, createAuthority, privateKeyPem } from './authority';
import { type CryptoKey, ECDSA_P256, subtle, x509 } from './x509';

export const ROOT_COMMON_NAME = 'socketlab class root CA';
export const INTERMEDIATE_COMMON_NAME = 'socketlab class intermediate CA';

const FILES = {
  rootCertificate: 'root-ca.pem',
  rootKey: 'root-ca.key',
  intermediateCertificate: 'intermediate-ca.pem',
  intermediateKey: 'intermediate-ca.key',
} as const;

/** A PKI directory that cannot be used as it is: names the file and says how to make a new PKI. */
export class PkiStoreError extends Error {
  override readonly name = 'PkiStoreError';
}

export interface ClassAuthorities {
  readonly root: Authority;
  readonly intermediate: Authority;
  /** Whether this start made them (first start, or `renew`). */
  readonly created: boolean;
}

export async function loadOrCreateAuthorities(options: {
  readonly dir: string;
  readonly renew: boolean;
  readonly now: Date;
}): Promise<ClassAuthorities> {
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const release = await lockDirectory(options.dir);
  try {
    return await loadOrCreateLocked(options);
  } finally {
    await release();
  }
}

async function loadOrCreateLocked(options: {
  readonly dir: string;
  readonly renew: boolean;
  readonly now: Date;
}): Promise<ClassAuthorities> {
  const { dir } = options;
  const present = await Promise.all(Object.values(FILES).map((file) => exists(path.join(dir, file))));
  if (!options.renew && present.some(Boolean)) {
    const missing = Object.values(FILES).filter((_file, index) => !present[index]);
    if (missing.length > 0) {
      throw storeError(dir, missing[0] ?? '', 'is missing, while other files of the class PKI are there');
    }
    return { ...(await loadAuthorities(dir)), created: false };
  }
  const root = await createAuthority({ commonName: ROOT_COMMON_NAME, years: 10, now: options.now });
  const intermediate = await createAuthority({
    commonName: INTERMEDIATE_COMMON_NAME,
    issuer: root,
    pathLength: 0,
    years: 5,
    now: options.now,
  });
  await writeAtomically(dir, [
    [FILES.rootKey, await privateKeyPem(root.privateKey), 0o600],
    [FILES.intermediateKey, await privateKeyPem(intermediate.privateKey), 0o600],
    [FILES.rootCertificate, root.pem, 0o644],
    [FILES.intermediateCertificate, intermediate.pem, 0o644],
  ]);
  return { root, intermediate, created: true };
}

async function loadAuthorities(dir: string): Promise<Omit<ClassAuthorities, 'created'>> {
  const root = await loadAuthority(dir, FILES.rootCertificate, FILES.rootKey);
  const intermediate = await loadAuthority(dir, FILES.intermediateCertificate, FILES.intermediateKey);
  if (!(await root.certificate.verify({ signatureOnly: true }))) {
    throw storeError(dir, FILES.rootCertificate, 'is not a self-signed root');
  }
  const signedByRoot = await intermediate.certificate.verify({
    publicKey: root.certificate.publicKey,
    signatureOnly: true,
  });
  if (!signedByRoot || intermediate.certificate.issuer !== root.certificate.subject) {
    throw storeError(dir, FILES.intermediateCertificate, `is not issued by the root in ${FILES.rootCertificate}`);
  }
  return { root, intermediate };
}

async function loadAuthority(dir: string, certificateFile: string, keyFile: string): Promise<Authority> {
  const pem = await readFile(path.join(dir, certificateFile), 'utf8');
  let certificate: x509.X509Certificate;
  try {
    certificate = new x509.X509Certificate(pem);
  } catch {
    throw storeError(dir, certificateFile, 'is not a PEM certificate');
  }
  let privateKey: CryptoKey;
  try {
    const der = x509.PemConverter.decodeFirst(await readFile(path.join(dir, keyFile), 'utf8'));
    privateKey = await subtle.importKey('pkcs8', der, ECDSA_P256, true, ['sign']);
  } catch {
    throw storeError(dir, keyFile, 'is not an ECDSA P-256 private key in PEM (PKCS#8)');
  }
  // The key must be the certificate's: the public half of the one is the other's subjectPublicKeyInfo.
  const publicKey = createPublicKey(KeyObject.from(privateKey)).export({ type: 'spki', format: 'der' });
  if (!publicKey.equals(new Uint8Array(certificate.publicKey.rawData))) {
    throw storeError(dir, keyFile, `is not the private key of ${certificateFile}`);
  }
  return { certificate, privateKey, pem: certificate.toString('pem') };
}

function storeError(dir: string, file: string, problem: string): PkiStoreError {
  return new PkiStoreError(
    `${path.join(dir, file)} ${problem}. To make a new class PKI, start the lab server with NEW_PKI=1 ` +
      `(or delete ${dir}); every device and program that trusted the old class root must then be given the new one.`,
  );
}

const LOCK_FILE = '.lock';
/** Waiting for another process that makes the PKI: 40 tries 250 ms apart, 10 s in all. */
const LOCK_TRIES = 40;
const LOCK_WAIT_MS = 250;
/** A lock this old was left by a process that died while it held it (making a PKI takes about a second). */
const STALE_LOCK_MS = 60_000;

/**
 * Two lab servers started at once on one data directory (test files run in parallel) must not both make a
 * PKI and interleave their renames, which would pair one's key with the other's certificate. The lock is a file
 * created exclusively (`wx`); the second waits for the first, then loads what it made.
 */
async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  const lock = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < LOCK_TRIES; attempt += 1) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const held = await stat(lock).catch(() => undefined);
    if (held !== undefined && Date.now() - held.mtimeMs > STALE_LOCK_MS) {
      await rm(lock, { force: true });
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_WAIT_MS));
  }
  throw new PkiStoreError(
    `${lock} is held by another process making the class PKI. If none is running, delete that file and start again.`,
  );
}

/** Writes every file to a temporary name first, then renames them into place: no file is ever half written. */
async function writeAtomically(dir: string, files: readonly (readonly [string, string, number])[]): Promise<void> {
  const suffix = `.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const written: string[] = [];
  try {
    for (const [file, text, mode] of files) {
      const temporary = path.join(dir, file + suffix);
      written.push(temporary);
      const handle = await open(temporary, 'wx', mode);
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    for (const [file] of files) await rename(path.join(dir, file + suffix), path.join(dir, file));
  } finally {
    await Promise.all(written.map((temporary) => rm(temporary, { force: true })));
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
