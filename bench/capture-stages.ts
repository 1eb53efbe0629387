/**
 * Where a captured datagram's time goes, stage by stage, measured without the rest of the machine in the way:
 * the capture's own code run over `count` UDP frames of a burst (a datagram and its echo, alternately), one
 * stage at a time, in this process, timed in CPU time (`process.cpuUsage`), not wall time. The stages are the
 * ones the lab server's main thread runs per frame — reading tcpdump's pcap, routing a frame to tshark, turning
 * tshark's line into a packet, the session's share (numbering, the pcapng recording, the message's JSON) — and
 * tshark itself, run on the same frames from a file (its CPU time from the shell's `time`, less a run on one
 * frame: its start-up). What this cannot isolate — writing each message to the page's WebSocket — the burst's
 * profile shows. It reaches into the capture room's internals on purpose: the stages exist only there.
 *
 *   node --import tsx bench/capture-stages.ts [count=60000]
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CaptureDemux } from '../lab-server/capture/capture-demux';
import { CaptureRecording } from '../lab-server/capture/capture-recording';
import { locateTransport } from '../lab-server/capture/frame-layers';
import { buildPacket } from '../lab-server/capture/packet-builder';
import { encodePcapHeader, encodePcapRecord } from '../lab-server/capture/pcap-encoder';
import { PcapReader } from '../lab-server/capture/pcap-reader';
import type { RawFrame } from '../lab-server/capture/raw-frame';
import { rawFrame, udpFrame } from '../lab-server/capture/synthetic-frames';
import { TcpConnectionTracker } from '../lab-server/capture/tcp-connections';
import { parseFieldsLine, tsharkArgs } from '../lab-server/capture/tshark-fields';
import { ConnectionNumbering } from '../lab-server/sessions/connection-numbering';

export interface StageCost {
  readonly stage: string;
  /** CPU time per frame, µs. */
  readonly usPerFrame: number;
}

export interface StageCosts {
  readonly frames: number;
  /** The main thread's stages, in the order a frame passes them. */
  readonly mainThread: readonly StageCost[];
  /** tshark's CPU per frame, without its start-up; undefined (with why) when it could not be run. */
  readonly tshark: StageCost | { readonly stage: string; readonly failed: string };
}

const SERVER_PORT = 53550;
const CLIENT_PORT = 40000;
/** The pcap stream reaches the lab server in pipe reads of at most this many bytes. */
const CHUNK_BYTES = 64 * 1024;
const SNAP_LENGTH = 4016;
const LINKTYPE_ETHERNET = 1;

export function measureCaptureStages(count: number): StageCosts {
  const frames = burstFrames(count);
  const stream = Buffer.concat([
    encodePcapHeader(LINKTYPE_ETHERNET, SNAP_LENGTH),
    ...frames.map((frame) => encodePcapRecord(frame)),
  ]);
  const mainThread: StageCost[] = [];
  const time = (stage: string, work: () => void): void => {
    const before = process.cpuUsage();
    work();
    const used = process.cpuUsage(before);
    mainThread.push({ stage, usPerFrame: (used.user + used.system) / frames.length });
  };

  let read = 0;
  time("reading tcpdump's pcap (PcapReader)", () => {
    const reader = new PcapReader();
    reader.onFrame(() => read++);
    for (let offset = 0; offset < stream.length; offset += CHUNK_BYTES) {
      reader.push(stream.subarray(offset, offset + CHUNK_BYTES));
    }
  });
  if (read !== frames.length) throw new Error(`the pcap reader gave ${read} of ${frames.length} frames`);

  const demux = new CaptureDemux<string>();
  demux.add([{ transport: 'udp', address: '127.0.0.1', port: SERVER_PORT }], 'session');
  const locations = frames.map((frame) => locateTransport(frame.linkType, frame.data));
  time('routing a frame to tshark (headers, demux, pcap record)', () => {
    for (const frame of frames) {
      const location = locateTransport(frame.linkType, frame.data);
      if (location !== undefined && demux.wants(location)) encodePcapRecord(frame);
    }
  });

  const tshark = runTshark(stream, frames.length);
  const lines = tshark.lines;
  const connections = new TcpConnectionTracker();
  const packets: NonNullable<ReturnType<typeof buildPacket>>[] = [];
  if (lines !== undefined) {
    time("tshark's line → packet (fields, demux, build)", () => {
      for (const line of lines) {
        const fields = parseFieldsLine(line);
        if (fields === undefined) continue;
        const index = fields.frameNumber - 1;
        const location = locations[index];
        if (location === undefined || demux.listenersFor(location).length === 0) continue;
        const packet = buildPacket({ id: fields.frameNumber, fields, frame: frames[index]!, location }, connections);
        if (packet !== undefined) packets.push(packet);
      }
    });
    const numbering = new ConnectionNumbering();
    const recording = new CaptureRecording({ maxBytes: 4 << 20 });
    time("the session's share (numbering, pcapng recording, the message's JSON)", () => {
      for (const [index, packet] of packets.entries()) {
        const numbered = numbering.packet(packet, [SERVER_PORT]);
        recording.add(frames[index]!);
        JSON.stringify({ type: 'packet', packet: numbered });
      }
    });
  }
  return { frames: frames.length, mainThread, tshark: tshark.cost };
}

/** A burst's frames: datagram n to the server, then its echo, with payload `b-<n>`, 30 000 datagrams a second. */
function burstFrames(count: number): RawFrame[] {
  const frames: RawFrame[] = [];
  for (let index = 0; index < count; index++) {
    const toServer = index % 2 === 0;
    const datagram = Math.floor(index / 2);
    const data = udpFrame({
      srcPort: toServer ? CLIENT_PORT : SERVER_PORT,
      dstPort: toServer ? SERVER_PORT : CLIENT_PORT,
      payload: Buffer.from(`b-${datagram}`),
    });
    frames.push(rawFrame(data, 1_700_000_000 + Math.floor(datagram / 30_000), (datagram % 30_000) * 33_333));
  }
  return frames;
}

/** tshark as the capture runs it, on `stream` from a file, and on one frame for its start-up. */
function runTshark(
  stream: Buffer,
  frames: number,
): { readonly cost: StageCosts['tshark']; readonly lines: readonly string[] | undefined } {
  const stage = 'tshark (its own process; CPU per frame after start-up)';
  const directory = mkdtempSync(path.join(tmpdir(), 'socketlab-stages-'));
  try {
    const all = path.join(directory, 'burst.pcap');
    const one = path.join(directory, 'one.pcap');
    writeFileSync(all, stream);
    const firstRecordEnd = 24 + 16 + stream.readUInt32LE(24 + 8);
    writeFileSync(one, stream.subarray(0, firstRecordEnd));
    const startUp = timedTshark(one, directory);
    const run = timedTshark(all, directory);
    if ('failed' in startUp) return { cost: { stage, failed: startUp.failed }, lines: undefined };
    if ('failed' in run) return { cost: { stage, failed: run.failed }, lines: undefined };
    const lines = run.output.split('\n').filter((line) => line !== '');
    if (lines.length !== frames) {
      return { cost: { stage, failed: `tshark printed ${lines.length} lines for ${frames} frames` }, lines };
    }
    return { cost: { stage, usPerFrame: ((run.cpuSeconds - startUp.cpuSeconds) * 1e6) / frames }, lines };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Runs tshark on `file` under bash's `time`: its output, and its user + system CPU seconds. */
function timedTshark(
  file: string,
  directory: string,
): { readonly output: string; readonly cpuSeconds: number } | { readonly failed: string } {
  const output = path.join(directory, 'out.txt');
  const args = tsharkArgs({ inputPath: file, tempDir: directory })
    .map((arg) => `'${arg.replaceAll("'", "'\\''")}'`)
    .join(' ');
  const result = spawnSync('bash', ['-c', `TIMEFORMAT='%U %S'; time tshark ${args} > '${output}'`], {
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: directory },
    maxBuffer: 1 << 20,
  });
  if (result.status !== 0) return { failed: `tshark exited with ${result.status}: ${result.stderr.trim()}` };
  const [user, system] = (result.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  if (!Number.isFinite(user) || !Number.isFinite(system)) return { failed: `no timing from bash: ${result.stderr}` };
  return { output: readFileSync(output, 'utf8'), cpuSeconds: user! + system! };
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const costs = measureCaptureStages(Number(process.argv[2] ?? 60_000));
  for (const cost of [...costs.mainThread, costs.tshark]) {
    process.stdout.write(
      'failed' in cost ? `${cost.stage}: ${cost.failed}\n` : `${cost.usPerFrame.toFixed(1)} µs  ${cost.stage}\n`,
    );
  }
}
