/**
 * The pcapng writer: block structure checked by hand, then the real judge — `tshark -r` must read the file and
 * list the frames (skipped where tshark is not installed).
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { findExecutable } from './executables';
import { encodePcapng, PcapngWriter } from './pcapng-writer';
import { rawFrame, tcpFrame, udpFrame } from './synthetic-frames';

const execFileAsync = promisify(execFile);

function blocks(file: Buffer): { type: number; length: number }[] {
  const found: { type: number; length: number }[] = [];
  let offset = 0;
  while (offset < file.length) {
    const type = file.readUInt32LE(offset);
    const length = file.readUInt32LE(offset + 4);
    assert.equal(length % 4, 0, 'block length is a multiple of 4');
    assert.equal(file.readUInt32LE(offset + length - 4), length, 'trailing length repeats the leading one');
    found.push({ type, length });
    offset += length;
  }
  assert.equal(offset, file.length);
  return found;
}

describe('pcapng writer', () => {
  const frames = [
    rawFrame(tcpFrame({ srcPort: 40000, dstPort: 38001, seq: 1000, ack: 0, flags: 0x002 }), 1_700_000_000, 5),
    rawFrame(udpFrame({ srcPort: 40001, dstPort: 38002, payload: Buffer.from('odd length') })),
  ];

  it('writes SHB, one IDB and one EPB per frame, all 32-bit aligned', () => {
    const file = encodePcapng(frames, { interfaceName: 'lo' });
    assert.deepEqual(
      blocks(file).map((block) => block.type),
      [0x0a0d0d0a, 1, 6, 6],
    );
    assert.equal(file.readUInt32LE(8), 0x1a2b3c4d);
  });

  it('adds an interface when a new link type appears', () => {
    const writer = new PcapngWriter();
    const file = Buffer.concat([writer.write(frames[0]!), writer.write({ ...frames[1]!, linkType: 101 })]);
    assert.deepEqual(
      blocks(file).map((block) => block.type),
      [0x0a0d0d0a, 1, 6, 1, 6],
    );
  });

  it('puts a comment into the packet block as opt_comment, padded, and nothing when there is none', () => {
    const plain = encodePcapng([frames[0]!]);
    const commented = encodePcapng([{ frame: frames[0]!, comment: 'connection #2' }]);
    // opt_comment (1) of 13 bytes padded to 16, and opt_endofopt: 4 + 16 + 4 bytes more.
    assert.equal(commented.length - plain.length, 24);
    const text = commented.toString('latin1');
    assert.ok(text.includes('connection #2'));
    blocks(commented);
    assert.deepEqual(encodePcapng([{ frame: frames[0]! }]), plain);
  });

  it('writes the TLS key log as a decryption secrets block after the section header, padded to 32 bits', () => {
    const keyLog = `CLIENT_RANDOM ${'ab'.repeat(32)} ${'cd'.repeat(48)}\n`;
    const file = encodePcapng(frames, { tlsKeyLog: keyLog });
    assert.deepEqual(
      blocks(file).map((block) => block.type),
      [0x0a0d0d0a, 0x0a, 1, 6, 6],
    );
    const offset = file.readUInt32LE(4);
    const length = file.readUInt32LE(offset + 4);
    assert.equal(file.readUInt32LE(offset + 8), 0x544c534b, 'secrets type TLSK');
    assert.equal(file.readUInt32LE(offset + 12), keyLog.length, 'secrets length, unpadded');
    assert.equal(file.subarray(offset + 16, offset + 16 + keyLog.length).toString(), keyLog);
    assert.equal(length, 12 + 8 + Math.ceil(keyLog.length / 4) * 4);
    assert.deepEqual(encodePcapng(frames, { tlsKeyLog: '' }), encodePcapng(frames));
  });

  it('is a section header alone when there are no frames', () => {
    assert.deepEqual(
      blocks(encodePcapng([])).map((block) => block.type),
      [0x0a0d0d0a],
    );
  });

  it('is read by tshark, nanosecond timestamps included', async (t) => {
    const tshark = await findExecutable('tshark');
    if (tshark === undefined) {
      t.skip('tshark is not installed');
      return;
    }
    const directory = await mkdtemp(join(tmpdir(), 'socketlab-pcapng-test-'));
    try {
      const path = join(directory, 'frames.pcapng');
      await writeFile(path, encodePcapng(frames, { interfaceName: 'lo' }));
      const { stdout } = await execFileAsync(
        tshark,
        ['-n', '-r', path, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'tcp.dstport', '-e', 'udp.dstport'],
        { timeout: 20_000 },
      );
      const lines = stdout.trim().split('\n');
      assert.equal(lines.length, 2);
      assert.match(lines[0]!, /^1700000000\.000000005\t38001\t$/);
      assert.match(lines[1]!, /^1700000000\.123456789\t\t38002$/);
      await writeFile(path, encodePcapng([{ frame: frames[0]!, comment: 'socketlab: connection #2' }, frames[1]!]));
      const comments = await execFileAsync(tshark, ['-n', '-r', path, '-T', 'fields', '-e', 'frame.comment'], {
        timeout: 20_000,
      });
      assert.deepEqual(comments.stdout.split('\n').slice(0, 2), ['socketlab: connection #2', '']);
      // A key log block of an odd length (padding) is read as such, and the frames after it still are.
      await writeFile(
        path,
        encodePcapng(frames, { tlsKeyLog: `CLIENT_RANDOM ${'ab'.repeat(32)} ${'cd'.repeat(48)}\n` }),
      );
      const withKeys = await execFileAsync(tshark, ['-n', '-r', path, '-T', 'fields', '-e', 'frame.number'], {
        timeout: 20_000,
      });
      assert.deepEqual(withKeys.stdout.trim().split('\n'), ['1', '2']);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
