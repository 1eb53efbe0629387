/**
 * The lab server's own TLS kinds, started for a listing test without a session: a class PKI made in a scratch
 * directory (as a lab server makes it in its data directory), the kinds a lesson's programs are run against, on
 * loopback ports of the test's own, and the files a student downloads from the panel (the class root, the
 * intermediate's CRL in PEM as `openssl crl` converts it). So a lesson's clients meet the same certificates and
 * failures a student's meet.
 */

import 'reflect-metadata';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadOrCreateClassPki } from '../../../lab-server/pki/class-pki';
import { serverStarter } from '../../../lab-server/servers';
import type { RunningServer } from '../../../lab-server/servers/observation';

export interface ClassServers {
  /** Each server's port, by the id it was started under. */
  readonly ports: ReadonlyMap<string, number>;
  /** Writes `socketlab-ca.pem`, `socketlab-ca.der` and `crl.pem` into `dir`, as a student saves them. */
  writeDownloads(dir: string): Promise<void>;
  close(): Promise<void>;
}

/** The DER of a CRL as PEM, as `openssl crl -inform DER -out crl.pem` writes it. */
function crlPem(der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN X509 CRL-----\n${lines.join('\n')}\n-----END X509 CRL-----\n`;
}

/** The DER inside the first PEM block of `pem`. */
function der(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/**
 * Starts `kinds` (id → kind), each on a port the kernel picks, with a class PKI of their own. (A fixed port could be
 * held for a moment by another test's connection, whose kernel-chosen local port it happens to be.)
 */
export async function startClassServers(kinds: Readonly<Record<string, string>>): Promise<ClassServers> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'socketlab-pki-'));
  const pki = await loadOrCreateClassPki({ dir, names: ['localhost', '127.0.0.1', '::1'] });
  const servers: RunningServer[] = [];
  const ports = new Map<string, number>();
  try {
    for (const [id, kind] of Object.entries(kinds)) {
      const server = await serverStarter(kind)({
        id,
        title: id,
        bindHost: '127.0.0.1',
        publicHost: '127.0.0.1',
        port: 0,
        tls: { pki, keylog: () => undefined },
      });
      servers.push(server);
      // The kinds name the port they were asked for; the lessons' clients need the one the kernel gave.
      ports.set(id, server.endpoints[0]!.port);
    }
  } catch (error) {
    for (const server of servers) server.dispose();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    ports,
    async writeDownloads(into) {
      await writeFile(path.join(into, 'socketlab-ca.pem'), pki.rootPem);
      await writeFile(path.join(into, 'socketlab-ca.der'), der(pki.rootPem));
      await writeFile(path.join(into, 'crl.pem'), crlPem(pki.crl()));
    },
    async close() {
      for (const server of servers) server.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
