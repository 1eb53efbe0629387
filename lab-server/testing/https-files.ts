/**
 * Certificate and key files for the tests of HTTPS_CERT/HTTPS_KEY, made as an instructor would make them from
 * the class PKI: a server certificate for the loopback names with the intermediate after it (a full chain), its
 * key, and the class root a client trusts. Also a second key that belongs to no certificate in the files, for
 * the mismatch. Written to a temporary directory of their own, removed with `remove()`.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadOrCreateClassPki } from '../pki/class-pki';

export interface HttpsTestFiles {
  readonly dir: string;
  /** Leaf then intermediate, PEM. */
  readonly certFile: string;
  readonly keyFile: string;
  /** The class root, PEM: what a client trusts. */
  readonly caPem: string;
  /** The private key of another certificate. */
  readonly otherKeyFile: string;
  /** Writes `text` to a file of the directory and returns its path. */
  write(name: string, text: string): Promise<string>;
  remove(): Promise<void>;
}

export async function makeHttpsFiles(): Promise<HttpsTestFiles> {
  const dir = await mkdtemp(path.join(tmpdir(), 'socketlab-https-'));
  const pki = await loadOrCreateClassPki({ dir: path.join(dir, 'pki'), names: ['127.0.0.1', 'localhost', '::1'] });
  const write = async (name: string, text: string): Promise<string> => {
    const file = path.join(dir, name);
    await writeFile(file, text, { mode: 0o600 });
    return file;
  };
  const server = pki.server('ecdsa');
  return {
    dir,
    certFile: await write('fullchain.pem', server.cert),
    keyFile: await write('server.key', server.key),
    caPem: pki.rootPem,
    otherKeyFile: await write('other.key', pki.server('rsa').key),
    write,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
