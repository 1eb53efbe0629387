/**
 * The packets a session would be told of for a transcript's frames (`tls-transcript.ts`): the few fields the
 * handshake tracker reads — id, ports, the session's connection number, segment length and flags — taken from
 * the frames' own TCP headers. A real `Packet` comes out of tshark's dissection in the capture; the tracker's
 * unit tests have no capture, so the rest of it is left out, which is why the cast.
 */

import type { Packet, RawFrame } from '../../capture';

const FLAG_NAMES: ReadonlyArray<readonly [number, string]> = [
  [0x001, 'FIN'],
  [0x002, 'SYN'],
  [0x004, 'RST'],
  [0x008, 'PSH'],
  [0x010, 'ACK'],
];

/** Ethernet + IPv4 (20 bytes, no options) + TCP, as `synthetic-frames.ts` builds them. */
export function transcriptPackets(frames: readonly RawFrame[], firstId: number, connection: number): Packet[] {
  return frames.map((frame, index) => {
    const tcp = frame.data.subarray(14 + 20);
    const headerLength = (tcp[12]! >> 4) * 4;
    const flags = tcp.readUInt16BE(12) & 0x1ff;
    const flagNames = FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name);
    return {
      id: firstId + index,
      protocol: 'tcp',
      srcPort: tcp.readUInt16BE(0),
      dstPort: tcp.readUInt16BE(2),
      tcp: { connection, len: tcp.length - headerLength, flags, flagNames: flagNames.join(',') },
    } as unknown as Packet;
  });
}
