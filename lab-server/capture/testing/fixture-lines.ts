/**
 * The JSON-lines talk between the LAN capture test and its fixtures in the lab's network namespace: messages
 * out on stdout, a packet as the test compares it, and commands in on stdin, each answered with `done` or
 * `error` under its name.
 */

import { createInterface } from 'node:readline';
import type { Packet } from '../packet';

export function say(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** What the test checks of a packet: its ends, its flags and its payload as text. */
export function packetLine(packet: Packet): object {
  return {
    type: 'packet',
    src: packet.src,
    dst: packet.dst,
    srcPort: packet.srcPort,
    dstPort: packet.dstPort,
    flags: packet.tcp?.flagNames ?? '',
    payload: Buffer.from(packet.payload.hex, 'hex').toString('latin1'),
  };
}

/** Runs each stdin line `<command> <argument>` through its handler; `stop` is the fixture's to end itself. */
export function serveCommands(handlers: Record<string, (argument: string) => Promise<void>>): void {
  createInterface({ input: process.stdin }).on('line', async (line) => {
    const [command = '', ...rest] = line.split(' ');
    const handler = handlers[command];
    if (handler === undefined) return;
    try {
      await handler(rest.join(' '));
      say({ type: 'done', command });
    } catch (error) {
      say({ type: 'error', command, message: error instanceof Error ? error.message : String(error) });
    }
  });
}
