/**
 * The three TLS labs graded as a session grades them, before a session runs them: the lab server's TLS kinds with
 * the class PKI, each connection's keys in a session key log, the real capture pipeline recording their packets,
 * and the handshake tracker reading each connection's handshake from that recording with those keys, as the
 * session's `CheckContext.handshakes`. Each lab's reference solution, run against its servers, passes every check
 * (the capture ones included); and every question, answered as the solution reads its own wire bytes, is judged
 * right on the tracker's handshakes. So the checks and questions read the fields the tracker really fills. The
 * recording with its keys, written as the lab panel's pcapng download, gives the lessons' `tshark` lines what the
 * pages say they show.
 * Ports 57950–57998, canary 57999. Skipped where capture is unavailable.
 */

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CapturePipeline, CaptureRecording } from '../lab-server/capture';
import { findExecutable } from '../lab-server/capture/executables';
import { loadOrCreateClassPki } from '../lab-server/pki/class-pki';
import type { ClassPki, ClientCredentials } from '../lab-server/pki/pki';
import { SERVER_KINDS } from '../lab-server/servers';
import type { RunningServer } from '../lab-server/servers/observation';
import { inRange } from '../lab-server/testing/ports-in-range';
import { HandshakeTracker, SessionKeyLog } from '../lab-server/tls';
import type { Disposable } from '../src/common/disposable';
import {
  type CheckContext,
  ConnectionRecords,
  type LabDefinition,
  type LabPanel,
  type LabSolution,
} from '../src/lab-kit';
import type { Packet, ServerInfo } from '../src/protocol';
import mutualTls from './mutual-tls/lab';
import { solution as mutualTlsSolution } from './mutual-tls/solution';
import { describeRun, run } from './testing/listings';
import tls12 from './tls12-handshake/lab';
import { solution as tls12Solution } from './tls12-handshake/solution';
import tls13 from './tls13-handshake/lab';
import { solution as tls13Solution } from './tls13-handshake/solution';

const RANGE = { from: 57950, to: 57998 } as const;
const CANARY_PORT = 57999;
const SERVER_PORTS = { first: RANGE.from, last: RANGE.to } as const;
/** How long the capture and the tracker may take to catch up with a solution that is done. */
const GRADE_MS = 30_000;

const LABS: readonly (readonly [LabDefinition, LabSolution])[] = [
  [tls12, tls12Solution],
  [tls13, tls13Solution],
  [mutualTls, mutualTlsSolution],
];

/** One lab's servers, as a session of it holds them. */
interface LabSession {
  readonly servers: ServerInfo[];
  readonly recording: CaptureRecording;
  readonly keyLog: SessionKeyLog;
  readonly records: ConnectionRecords;
  readonly packets: Packet[];
  readonly tracker: HandshakeTracker;
}

describe('the TLS labs graded on a real capture read with the keys', () => {
  let dir: string;
  let pki: ClassPki;
  let session: ClientCredentials;
  let pipeline: CapturePipeline | undefined;
  let unavailable = '';
  const running: Disposable[] = [];
  const sessions = new Map<string, LabSession>();

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socketlab-tls-capture-'));
    pki = await loadOrCreateClassPki({ dir: path.join(dir, 'pki'), names: ['localhost', '127.0.0.1', '::1'] });
    session = await pki.issueClient('session-student');
    const candidate = new CapturePipeline({ portRange: RANGE, canaryPort: CANARY_PORT, tempDirParent: dir });
    const status = await candidate.start();
    if (status.state !== 'running') {
      unavailable = status.reason.en;
      await candidate.stop();
      return;
    }
    pipeline = candidate;
    const tshark = (await findExecutable('tshark')) ?? 'tshark';
    for (const [lab] of LABS) {
      const keyLog = new SessionKeyLog();
      const recording = new CaptureRecording();
      const records = new ConnectionRecords();
      const packets: Packet[] = [];
      const started: RunningServer[] = [];
      for (const spec of lab.servers) {
        const start = SERVER_KINDS[spec.kind as keyof typeof SERVER_KINDS];
        // The capture sees only its range, so each server takes a free port of it: a fixed one could be
        // held for a moment by another test's connection, whose kernel-chosen local port it happens to be.
        const server = await inRange(SERVER_PORTS, (port) =>
          start({
            id: spec.id,
            title: spec.id,
            bindHost: '127.0.0.1',
            publicHost: '127.0.0.1',
            port,
            tls: { pki, keylog: (line) => keyLog.append(line), client: session },
          }),
        );
        server.onObservation((observation) => records.apply(observation));
        running.push(server);
        started.push(server);
      }
      const servers = started.map((server) => server.info);
      const tracker = new HandshakeTracker({
        servers: servers.map(({ id, port: serverPort }) => ({ id, port: serverPort })),
        source: (select) => recording.snapshot({ interfaceName: 'lo', tlsKeyLog: keyLog.text(), select }),
        tsharkPath: tshark,
        tempDirParent: dir,
      });
      running.push(tracker);
      running.push(
        pipeline.subscribe(
          started.flatMap((server) => server.endpoints),
          (event) => {
            if (event.type !== 'packet') return;
            packets.push(event.packet);
            recording.add(event.frame, `socketlab: connection #${event.packet.tcp?.connection}`, event.packet.id);
            tracker.packetArrived(event.packet);
          },
        ),
      );
      sessions.set(lab.id, { servers, recording, keyLog, records, packets, tracker });
    }
  });
  after(async () => {
    for (const resource of running.reverse()) await resource.dispose();
    await pipeline?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const panel = (): LabPanel => ({
    setFault: () => Promise.reject(new Error('no faults here')),
    download: async (file) => (file === 'ca' ? pki.rootPem : file === 'clientCertificate' ? session.cert : session.key),
  });

  for (const [lab, solution] of LABS) {
    it(`${lab.id}: every check passes, and every answer read off the wire is judged right`, {
      timeout: 90_000,
    }, async (t) => {
      if (pipeline === undefined) return t.skip(`capture unavailable here: ${unavailable}`);
      const own = sessions.get(lab.id);
      assert.ok(own !== undefined);
      await solution.run(own.servers, panel());
      const context = (): CheckContext => ({
        connections: own.records.list(),
        servers: own.servers,
        packets: own.packets,
        captureRunning: true,
        handshakes: own.tracker.handshakes(),
      });
      const answers = () => solution.answers?.(own.packets, own.servers);
      const graded = () =>
        lab.checks.every((check) => check.evaluate(context()).state === 'passed') &&
        answers() !== undefined &&
        (lab.questions ?? []).every(
          (question) => question.evaluate(context(), answers()?.[question.id] ?? '').state === 'passed',
        );
      const deadline = Date.now() + GRADE_MS;
      while (!graded() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      for (const check of lab.checks) {
        const verdict = check.evaluate(context());
        assert.equal(verdict.state, 'passed', `${check.id}: ${verdict.detail.en}`);
      }
      const given = answers();
      assert.ok(given !== undefined, 'the solution answers once the capture has its handshakes');
      for (const question of lab.questions ?? []) {
        const verdict = question.evaluate(context(), given[question.id] ?? '');
        assert.equal(verdict.state, 'passed', `${question.id} = ${given[question.id]}: ${verdict.detail.en}`);
      }
    });
  }

  /** What each lesson's `tshark` lines must print from its lab's pcapng download: the messages only the keys show. */
  const TSHARK_SHOWS: Readonly<Record<string, readonly RegExp[]>> = {
    'tls12-handshake': [/Finished/, /0x(?:c02f|002f)/],
    'tls13-handshake': [/Encrypted Extensions/, /^\d+(?:,\d+)+$/m],
    'mutual-tls': [/Certificate Request/],
  };

  for (const [lab] of LABS) {
    it(`${lab.id}: the lesson's tshark lines read the pcapng download decrypted`, { timeout: 60_000 }, async (t) => {
      if (pipeline === undefined) return t.skip(`capture unavailable here: ${unavailable}`);
      const own = sessions.get(lab.id);
      assert.ok(own !== undefined);
      const file = `socketlab-${lab.id}.pcapng`;
      const snapshot = own.recording.snapshot({
        interfaceName: 'lo',
        tlsKeyLog: own.keyLog.text(),
        select: () => true,
      });
      await writeFile(path.join(dir, file), snapshot.pcapng);
      const mdx = await readFile(new URL(`../docs/tls/${lab.id}.mdx`, import.meta.url), 'utf8');
      const lines = [...mdx.matchAll(/^tshark -r (\S+) (.*)$/gm)];
      assert.ok(lines.length > 0, 'the lesson reads its capture with tshark');
      let printed = '';
      for (const [line, named] of lines) {
        assert.equal(named, file, `${line}: the download's name`);
        const result = await run('sh', ['-c', line], dir, 30_000);
        assert.equal(result.code, 0, describeRun(result));
        assert.notEqual(result.stdout.trim(), '', `${line} printed nothing`);
        printed += result.stdout;
      }
      for (const pattern of TSHARK_SHOWS[lab.id] ?? []) assert.match(printed, pattern);
    });
  }
});
