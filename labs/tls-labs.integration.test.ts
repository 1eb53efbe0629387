/**
 * The three TLS labs against the lab server's own TLS kinds and class PKI, without a session: the kinds each lab
 * names (`tls12-echo`, `tls12-rsa-echo`, `tls-echo`, `mtls-echo`) started on loopback with a class PKI made in a
 * temporary directory and a client certificate issued for "the session". Each lab's reference solution, given the
 * panel's downloads (the class root, the session's certificate and key), runs against them; the servers'
 * observations, folded into connection records as a session folds them, pass every check that needs no capture,
 * and leave the others waiting for it. The lessons' client in Python, C and Node and the board's `main.py`, beside
 * the same files, print what the pages say against the same servers: the class certificates name 127.0.0.1 and
 * chain through the class intermediate. The lessons' lab-terminal lines, typed into the lab shell with the class
 * root and the session's certificate, pass the same checks.
 */

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadOrCreateClassPki } from '../lab-server/pki/class-pki';
import type { ClassPki, ClientCredentials } from '../lab-server/pki/pki';
import { SERVER_KINDS } from '../lab-server/servers';
import type { RunningServer } from '../lab-server/servers/observation';
import { ShellHarness } from '../lab-server/testing/shell-harness';
import { pick } from '../src/common/localized';
import { ConnectionRecords, type LabDefinition, type LabPanel, type LabSolution } from '../src/lab-kit';
import type { ServerInfo } from '../src/protocol';
import { CAPTURE_OFF } from './common/capture-notes';
import mutualTls from './mutual-tls/lab';
import { solution as mutualTlsSolution } from './mutual-tls/solution';
import { describeRun, LessonListings } from './testing/listings';
import { assertEchoed, LANGUAGES, tlsClients } from './testing/tls-listings';
import type { TestPki } from './testing/tls-servers';
import tls12 from './tls12-handshake/lab';
import { solution as tls12Solution } from './tls12-handshake/solution';
import tls13 from './tls13-handshake/lab';
import { solution as tls13Solution } from './tls13-handshake/solution';

const LABS: readonly (readonly [LabDefinition, LabSolution])[] = [
  [tls12, tls12Solution],
  [tls13, tls13Solution],
  [mutualTls, mutualTlsSolution],
];
/** How long the servers' last observations may take to arrive after a client closed. */
const SETTLE_MS = 5_000;

/** The port a server started on port 0 is bound to. */
function boundPort(server: RunningServer): number {
  const endpoint = server.endpoints[0];
  assert.ok(endpoint !== undefined, 'the server is bound');
  return endpoint.port;
}

interface Started {
  readonly server: RunningServer;
}

describe('the TLS labs against the real TLS kinds and class PKI', () => {
  let dir: string;
  let pki: ClassPki;
  let session: ClientCredentials;
  const started = new Map<string, Started>();

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socketlab-tls-labs-'));
    pki = await loadOrCreateClassPki({ dir: path.join(dir, 'pki'), names: ['localhost', '127.0.0.1', '::1'] });
    session = await pki.issueClient('session-student');
    for (const [lab] of LABS) {
      for (const spec of lab.servers) {
        const start = SERVER_KINDS[spec.kind as keyof typeof SERVER_KINDS];
        assert.ok(start !== undefined, `the lab server has the kind ${spec.kind}`);
        const server = await start({
          id: spec.id,
          title: spec.id,
          bindHost: '127.0.0.1',
          publicHost: '127.0.0.1',
          port: 0,
          tls: { pki, keylog: () => undefined, client: session },
        });
        started.set(`${lab.id}/${spec.id}`, { server });
      }
    }
  });
  after(async () => {
    for (const { server } of started.values()) await server.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  function serversOf(lab: LabDefinition): ServerInfo[] {
    return lab.servers.map((spec) => {
      const server = started.get(`${lab.id}/${spec.id}`)?.server;
      assert.ok(server !== undefined);
      // Started on port 0: the port is the one the kernel bound, as a session's pool would have given it.
      return { ...server.info, port: boundPort(server) };
    });
  }

  const panel = (): LabPanel => ({
    setFault: () => Promise.reject(new Error('no faults here')),
    download: async (file) => (file === 'ca' ? pki.rootPem : file === 'clientCertificate' ? session.cert : session.key),
  });

  /** The lab's servers' observations from now on, folded as a session folds them; `stop` ends the recording. */
  function recordsOf(lab: LabDefinition): { readonly records: ConnectionRecords; stop(): void } {
    const records = new ConnectionRecords();
    const subscriptions = lab.servers.map((spec) => {
      const server = started.get(`${lab.id}/${spec.id}`)?.server;
      assert.ok(server !== undefined);
      return server.onObservation((observation) => records.apply(observation));
    });
    return {
      records,
      stop: () => {
        for (const subscription of subscriptions) subscription.dispose();
      },
    };
  }

  /** Every check of `lab` passed, or waits for the capture that is off here; waited for, bounded. */
  async function assertGradedWithoutCapture(lab: LabDefinition, records: ConnectionRecords): Promise<void> {
    const context = () => ({
      connections: records.list(),
      servers: serversOf(lab),
      packets: [],
      captureRunning: false,
      handshakes: [],
    });
    // The servers observe a close a moment after the client saw it: wait, bounded, for the checks to settle.
    const settled = () =>
      lab.checks.every((check) => {
        const verdict = check.evaluate(context());
        return verdict.state === 'passed' || verdict.detail.en.includes(pick(CAPTURE_OFF, 'en'));
      });
    const deadline = Date.now() + SETTLE_MS;
    while (!settled() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    for (const check of lab.checks) {
      const verdict = check.evaluate(context());
      if (verdict.state === 'passed') continue;
      assert.equal(verdict.state, 'pending', `${check.id}: ${verdict.detail.en}`);
      assert.ok(verdict.detail.en.includes(pick(CAPTURE_OFF, 'en')), `${check.id}: ${verdict.detail.en}`);
    }
  }

  for (const [lab, solution] of LABS) {
    it(`${lab.id}: the reference solution passes every check that needs no capture`, { timeout: 60_000 }, async () => {
      const { records, stop } = recordsOf(lab);
      try {
        await solution.run(serversOf(lab), panel());
        await assertGradedWithoutCapture(lab, records);
      } finally {
        stop();
      }
    });

    it(`${lab.id}: the lesson's lab-terminal lines do the same in the lab shell`, { timeout: 60_000 }, async () => {
      const { records, stop } = recordsOf(lab);
      const shell = new ShellHarness(serversOf(lab), undefined, {
        tls: { caPem: pki.rootPem, client: session, crl: () => pki.crl() },
      });
      try {
        for (const line of solution.terminal) await shell.run(line, 20_000);
        await assertGradedWithoutCapture(lab, records);
      } catch (error) {
        throw new Error(`${(error as Error).message}\nthe terminal shows:\n${shell.text.slice(-4000)}`);
      } finally {
        shell.shell.dispose();
        stop();
      }
    });
  }

  it("the lessons' clients print what the pages say, with the class PKI's files", { timeout: 120_000 }, async () => {
    const lesson = new LessonListings(new URL('../docs/tls/mutual-tls.mdx', import.meta.url), {
      childTimeoutMs: 20_000,
    });
    await lesson.open();
    try {
      const files: TestPki = {
        dir,
        ca: pki.rootPem,
        serverCert: '',
        serverKey: '',
        clientCert: session.cert,
        clientKey: session.key,
        strangerCert: '',
        strangerKey: '',
        writeStudentFiles: async (target) => {
          const { writeFile } = await import('node:fs/promises');
          await writeFile(path.join(target, 'socketlab-ca.pem'), pki.rootPem);
          await writeFile(path.join(target, 'client.pem'), session.cert);
          await writeFile(path.join(target, 'client.key'), session.key);
        },
        close: async () => undefined,
      };
      const client = await tlsClients(lesson, files);
      const port = (key: string) => {
        const server = started.get(key)?.server;
        assert.ok(server !== undefined, key);
        return String(boundPort(server));
      };
      for (const language of LANGUAGES) {
        assertEchoed(
          await client(language, ['--tls1.2', port('tls12-handshake/ecdhe')]),
          'TLSv1.2',
          'ECDHE-RSA-AES128-GCM-SHA256',
        );
        assertEchoed(
          await client(language, ['--tls1.2', '--ciphers', 'AES128-SHA', port('tls12-handshake/rsa')]),
          'TLSv1.2',
          'AES128-SHA',
        );
        assertEchoed(
          await client(language, ['--tls1.3', port('tls13-handshake/echo')]),
          'TLSv1.3',
          'TLS_AES_256_GCM_SHA384',
        );
        const refused = await client(language, [port('mutual-tls/mtls')]);
        assert.equal(refused.code, 1, describeRun(refused));
        assert.match(refused.stderr, /CERTIFICATE_REQUIRED|certificate required/, describeRun(refused));
        assertEchoed(await client(language, ['--cert', port('mutual-tls/mtls')]), 'TLSv1.3', 'TLS_AES_256_GCM_SHA384');
      }
      const board = lesson.listing('main.py').replace(/^PORT = .*$/m, `PORT = ${port('mutual-tls/mtls')}`);
      await lesson.write('main.py', board);
      const result = await lesson.run('python3', ['main.py']);
      assert.equal(result.stdout.trim(), 'received 12 bytes: Hello,world!', describeRun(result));
    } finally {
      await lesson.close();
    }
  });
});
