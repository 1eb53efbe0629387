/**
 * The shell's assistant sockets against a console of the test's own (no sockets): clients numbered in the order
 * they came, across TCP and UDP; a full fd table refusing an accept with EMFILE; a long read cut, as text and as
 * hex, saying what it left out; and seeded random bytes from a peer — escape sequences, C1 controls, bidi
 * overrides, broken UTF-8 — shown in both modes without one control reaching the terminal.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Disposable } from '../../src/common/disposable';
import { verbatim } from '../../src/common/localized';
import { SeededRandom } from '../../src/protocol/testing/seeded-random';
import type { AssistantClient, AssistantConsole, AssistantNews } from '../servers/assistant-console';
import { foreignControls } from '../testing/terminal-controls';
import { AssistantSockets, type ShellAssistant } from './assistant-sockets';
import { BackgroundOutput } from './background-output';
import { LabShell } from './lab-shell';
import { pickText } from './shell-text';
import { SocketTable } from './socket-table';

/** A console whose news the test makes. */
class FakeConsole implements AssistantConsole {
  readonly transport;
  readonly local = '127.0.0.1:50540';
  readonly backlog = 511;
  readonly closed: number[] = [];
  #listener: ((news: AssistantNews) => void) | undefined;
  readonly #clients = new Map<number, AssistantClient>();

  constructor(transport: 'tcp' | 'udp') {
    this.transport = transport;
  }

  waiting() {
    return { connections: 0, datagrams: 0 };
  }
  listen(onNews: (news: AssistantNews) => void): Disposable {
    this.#listener = onNews;
    return { dispose: () => (this.#listener = undefined) };
  }
  clients() {
    return [...this.#clients.values()];
  }
  async send(_id: number, bytes: Uint8Array) {
    return bytes.length;
  }
  close(id: number): 'fin' | 'gone' {
    this.closed.push(id);
    return 'fin';
  }

  /** A client arrives (TCP) or is heard from (UDP). */
  client(id: number): AssistantClient {
    const client = { id, peer: `127.0.0.1:${40000 + id}`, receivedBytes: 0, sentBytes: 0, state: 'open' as const };
    this.#clients.set(id, client);
    if (this.transport === 'tcp') this.#listener?.({ kind: 'accept', client });
    return client;
  }
  data(client: AssistantClient, data: Uint8Array): void {
    this.#listener?.({ kind: 'data', client, data });
  }
}

function assistantOf(console: FakeConsole, id: string): ShellAssistant {
  const server = { id, kind: `${console.transport}-assistant`, title: verbatim(id), transport: console.transport };
  return { server: { ...server, host: '127.0.0.1', port: 50540 }, console };
}

/** Assistant sockets printing plain lines into `lines`, with a budget too large to cut anything. */
function plain(assistants: readonly ShellAssistant[], sockets = new SocketTable()) {
  const lines: string[] = [];
  const out = new BackgroundOutput(
    {
      print: (text) => lines.push(pickText(text, 'en')),
      narrate: (call, result, note) =>
        lines.push(`${call} = ${pickText(result, 'en')}${note === undefined ? '' : `  ${pickText(note, 'en')}`}`),
    },
    10_000,
  );
  return { lines, sockets, assistant: new AssistantSockets(assistants, sockets, out) };
}

describe('AssistantSockets', () => {
  it('numbers clients in the order they came, TCP and UDP alike, and refuses an accept with EMFILE', () => {
    const tcp = new FakeConsole('tcp');
    const udp = new FakeConsole('udp');
    const { lines, sockets, assistant } = plain([assistantOf(tcp, 'assistant'), assistantOf(udp, 'udp')]);
    assert.ok(assistant.listen(assistant.assistants[0]!, sockets.reserve()!));
    assert.ok(assistant.listen(assistant.assistants[1]!, sockets.reserve()!));
    tcp.client(7);
    udp.data(udp.client(3), new TextEncoder().encode('hi'));
    tcp.client(8);
    assert.deepEqual(
      assistant.rows().map((row) => [row.number, row.fd, row.id]),
      [
        [1, 5, 7],
        [2, 4, 3],
        [3, 6, 8],
      ],
    );
    assert.match(lines.join('\n'), /recvfrom\(fd 4\) = 2 bytes from 127\.0\.0\.1:40003 {2}#2 "hi"/);
    while (sockets.reserve() !== undefined);
    tcp.client(9);
    assert.match(lines.at(-1)!, /accept\(fd 3\) = -1 EMFILE {2}the lab shell's fd table is full/);
    assert.deepEqual(tcp.closed, [9]);
    assistant.dispose();
  });

  it('cuts a long read, as text and as hex, and says how much of it is not shown', () => {
    const tcp = new FakeConsole('tcp');
    const { lines, sockets, assistant } = plain([assistantOf(tcp, 'assistant')]);
    assistant.listen(assistant.assistants[0]!, sockets.reserve()!);
    const client = tcp.client(1);
    tcp.data(client, new Uint8Array(1000).fill(0x41));
    assert.match(lines.at(-1)!, /recv\(fd 4\) = 1000 bytes {2}#1 "A{200}"…$/);
    assistant.hex = true;
    tcp.data(client, new Uint8Array(1000).fill(0x42));
    assert.equal(lines.filter((line) => /^ {2}[0-9a-f]{4} {2}42 /.test(line)).length, 8);
    assert.match(lines.at(-1)!, /… 872 more bytes not shown/);
    assistant.dispose();
  });
});

describe('the lab shell showing what a peer sends', () => {
  it('lets no control from seeded random bytes reach the terminal, as text or as hex', async () => {
    const tcp = new FakeConsole('tcp');
    const [assistant] = [assistantOf(tcp, 'assistant')];
    const shell = new LabShell({
      labId: 'network-assistant',
      servers: [assistant!.server],
      policy: { servers: [assistant!.server], allowLoopback: false },
      greeting: verbatim('hi'),
      locale: 'en',
      cols: 80,
      assistants: [assistant!],
    });
    let raw = '';
    shell.onOutput((data) => {
      raw += data;
    });
    shell.start();
    shell.input('listen\r');
    await new Promise((resolve) => setImmediate(resolve));
    const client = tcp.client(1);
    const random = new SeededRandom(0xa55157);
    const nasty = [0x1b, 0x5b, 0x9b, 0x9d, 0x07, 0x00, 0x7f, 0xc2, 0xe2, 0x80, 0xae, 0xff, 0x0d, 0x0a];
    // Within the background budget: 40 reads as text, then, in the next second, a few as hex dumps.
    for (let read = 0; read < 60; read++) {
      if (read === 40) {
        shell.input('hex on\r');
        await new Promise((resolve) => setTimeout(resolve, 1100));
      }
      const bytes = Uint8Array.from({ length: random.int(1, 300) }, () =>
        random.next() < 0.5 ? nasty[random.int(0, nasty.length - 1)]! : random.int(0, 255),
      );
      tcp.data(client, bytes);
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.match(raw, /recv\(fd 4\)/);
    assert.match(raw, / {2}0000 {2}[0-9a-f]{2} /, 'hex dumps were shown too');
    assert.deepEqual(foreignControls(raw), []);
    shell.dispose();
  });
});
