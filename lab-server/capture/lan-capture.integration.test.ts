/**
 * A board on the LAN, for real: the test makes two network namespaces joined by a veth pair, the lab's
 * (10.199.0.1/24, on a bridge whose port is the veth end, as on a machine that also bridges virtual machines:
 * the port shows every packet the bridge shows) and a board's (10.199.0.2/24), runs the capture with an echo
 * server in the lab's
 * (`testing/lan-capture-fixture.ts`), connects from the board's, and checks that the handshake, the data, the
 * echo and the close reach the subscriber once each with the board's address, beside a connection from the lab
 * host itself (which goes over `lo`); that the frames written as the session's pcapng open in tshark with the
 * payload; that a wildcard lab host works the same way; and that the status says so when the LAN canary cannot
 * come through (an nftables rule inside the lab's namespace drops it), in both languages. Nothing leaves the
 * namespaces. Needs root, `ip netns`, tcpdump and tshark; skipped with the reason where `ip netns` is refused.
 */

import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

const PIPELINE_FIXTURE = fileURLToPath(new URL('./testing/lan-capture-fixture.ts', import.meta.url));
const SERVER_FIXTURE = fileURLToPath(new URL('./testing/lan-lab-server-fixture.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LAB_NS = `sl-lab-${process.pid}`;
const BOARD_NS = `sl-board-${process.pid}`;
// Interface names are at most 15 characters.
const LAB_IF = `sll${process.pid}`;
const BOARD_IF = `slb${process.pid}`;
const LAB_BRIDGE = `slbr${process.pid}`;
/** An interface with an address but no multicast, like a WireGuard tunnel: covered, but no canary can prove it. */
const LAB_TUNNEL = `sltn${process.pid}`;
const BOARD_TUNNEL = `slbt${process.pid}`;
const LAB_ADDRESS = '10.199.0.1';
const BOARD_ADDRESS = '10.199.0.2';
const LAB_ADDRESS_6 = 'fd99::1';
const BOARD_ADDRESS_6 = 'fd99::2';

function ofBoard(packet: { src: string; dst: string }): boolean {
  return packet.src === BOARD_ADDRESS || packet.dst === BOARD_ADDRESS;
}

function ofLabHost(packet: { src: string; dst: string }): boolean {
  return packet.src === LAB_ADDRESS && packet.dst === LAB_ADDRESS;
}
const MESSAGE = 'Hello,world!';
const WAIT_MS = 30_000;
const TEST_TIMEOUT_MS = 90_000;

let scratch = '';
let skipReason: string | undefined;
const made: string[] = [];

async function ip(...args: string[]): Promise<void> {
  await execFileAsync('ip', args, { timeout: 10_000 });
}

async function inNamespace(ns: string, command: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('ip', ['netns', 'exec', ns, command, ...args], { timeout: 20_000 });
  return stdout;
}

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'socketlab-lan-capture-'));
  try {
    await ip('netns', 'add', LAB_NS);
    made.push(LAB_NS);
  } catch (error) {
    skipReason = `ip netns is not permitted here: ${error instanceof Error ? error.message.trim() : String(error)}`;
    return;
  }
  await ip('netns', 'add', BOARD_NS);
  made.push(BOARD_NS);
  await ip('link', 'add', LAB_IF, 'netns', LAB_NS, 'type', 'veth', 'peer', 'name', BOARD_IF, 'netns', BOARD_NS);
  await ip('-n', LAB_NS, 'link', 'add', LAB_BRIDGE, 'type', 'bridge');
  await ip('-n', LAB_NS, 'link', 'set', LAB_IF, 'master', LAB_BRIDGE);
  await ip('-n', LAB_NS, 'addr', 'add', `${LAB_ADDRESS}/24`, 'dev', LAB_BRIDGE);
  await ip('link', 'add', LAB_TUNNEL, 'netns', LAB_NS, 'type', 'veth', 'peer', 'name', BOARD_TUNNEL, 'netns', BOARD_NS);
  await ip('-n', LAB_NS, 'link', 'set', LAB_TUNNEL, 'multicast', 'off');
  await ip('-n', LAB_NS, 'addr', 'add', '10.199.9.1/24', 'dev', LAB_TUNNEL);
  await ip('-n', BOARD_NS, 'addr', 'add', `${BOARD_ADDRESS}/24`, 'dev', BOARD_IF);
  // nodad: usable at once, not after duplicate address detection's second.
  await ip('-n', LAB_NS, 'addr', 'add', `${LAB_ADDRESS_6}/64`, 'dev', LAB_BRIDGE, 'nodad');
  await ip('-n', BOARD_NS, 'addr', 'add', `${BOARD_ADDRESS_6}/64`, 'dev', BOARD_IF, 'nodad');
  for (const [ns, name] of [
    [LAB_NS, LAB_IF],
    [LAB_NS, LAB_BRIDGE],
    [LAB_NS, LAB_TUNNEL],
    [BOARD_NS, BOARD_TUNNEL],
    [BOARD_NS, BOARD_IF],
    [LAB_NS, 'lo'],
    [BOARD_NS, 'lo'],
  ] as const) {
    await ip('-n', ns, 'link', 'set', name, 'up');
  }
});

after(async () => {
  // Deleting a namespace deletes its end of the veth pair, the other end, and any nftables table in it.
  for (const ns of made.reverse()) await ip('netns', 'delete', ns).catch(() => {});
  await rm(scratch, { recursive: true, force: true });
});

type Message =
  | { type: 'status'; state: string; reason: { en: string; 'zh-Hans': string }; interface: string }
  | { type: 'session'; port: number; capture: { state: string; reason: string } }
  | { type: 'packet'; src: string; dst: string; srcPort: number; dstPort: number; flags: string; payload: string }
  | { type: 'gap'; reason: string }
  | { type: 'done'; command: string }
  | { type: 'error'; command: string; message: string };

type PacketMessage = Extract<Message, { type: 'packet' }>;

/** The fixture in the lab's namespace, its messages kept in order, and a wait for the next that matches. */
class Lab {
  readonly messages: Message[] = [];
  private readonly waiters = new Set<() => void>();
  private stderr = '';

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.messages.push(JSON.parse(line) as Message);
      for (const waiter of this.waiters) waiter();
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-4000);
    });
    child.on('exit', () => {
      for (const waiter of this.waiters) waiter();
    });
  }

  static start(t: TestContext, environment: Record<string, string>, fixture = PIPELINE_FIXTURE): Lab {
    const child = spawn('ip', ['netns', 'exec', LAB_NS, process.execPath, '--import', 'tsx', fixture], {
      cwd: ROOT,
      env: { ...process.env, SCRATCH: scratch, ...environment },
    });
    const lab = new Lab(child);
    t.after(() => lab.stop());
    return lab;
  }

  /** Resolves with the first message (from `from` on) that `test` accepts; fails after WAIT_MS. */
  wait<T extends Message>(test: (message: Message) => message is T, from = 0): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.messages.slice(from).find(test);
        if (found !== undefined) {
          done();
          resolve(found);
        } else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          done();
          reject(new Error(`the lab fixture ended (${this.child.exitCode ?? this.child.signalCode}): ${this.stderr}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no such message within ${WAIT_MS} ms; got ${JSON.stringify(this.messages)} ${this.stderr}`));
      }, WAIT_MS);
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  status(): Promise<StatusMessage> {
    return this.wait((message): message is StatusMessage => message.type === 'status');
  }

  async command(line: string): Promise<void> {
    const from = this.messages.length;
    const [name] = line.split(' ');
    this.child.stdin.write(`${line}\n`);
    const reply = await this.wait(
      (message): message is Extract<Message, { type: 'done' | 'error' }> =>
        (message.type === 'done' || message.type === 'error') && message.command === name,
      from,
    );
    assert.equal(reply.type, 'done', JSON.stringify(reply));
  }

  packets(): PacketMessage[] {
    return this.messages.filter((message): message is PacketMessage => message.type === 'packet');
  }

  /** The packets `of` accepts, once their connection has shown both FINs and the last ACK (from `client`). */
  async closed(client: string, of: (packet: PacketMessage) => boolean): Promise<PacketMessage[]> {
    await this.wait((message): message is PacketMessage => {
      if (message.type !== 'packet') return false;
      const packets = this.packets().filter(of);
      const fins = packets.filter((packet) => packet.flags.includes('FIN')).length;
      return fins >= 2 && packets.at(-1)?.flags === 'ACK' && packets.at(-1)?.src === client;
    });
    return this.packets().filter(of);
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.stdin.end('stop\n');
    });
  }
}

/** The board: a TCP client in its own namespace that sends MESSAGE, waits for the echo, and closes. */
async function boardExchange(port: number, server = LAB_ADDRESS): Promise<void> {
  const script = `
    const socket = require('node:net').connect(${port}, '${server}', () => socket.write('${MESSAGE}'));
    let echoed = '';
    socket.setEncoding('latin1');
    socket.on('data', (text) => { echoed += text; if (echoed.length >= ${MESSAGE.length}) socket.end(); });
    socket.on('close', () => process.exit(echoed === '${MESSAGE}' ? 0 : 1));
    setTimeout(() => process.exit(2), 10000);
  `;
  await inNamespace(BOARD_NS, process.execPath, '-e', script);
}

/** One TCP exchange, as the subscriber saw it: SYN, SYN-ACK, ACK, data, echo, both FINs, each exactly once. */
function assertExchange(packets: readonly PacketMessage[], client: string, server: string, port: number): void {
  const summary = packets.map((packet) => {
    const toServer = packet.dst === server && packet.dstPort === port;
    const fromServer = packet.src === server && packet.srcPort === port;
    assert.ok(toServer ? packet.src === client : fromServer && packet.dst === client, JSON.stringify(packet));
    return `${toServer ? '>' : '<'} ${packet.flags}${packet.payload === '' ? '' : ` ${packet.payload}`}`;
  });
  const once = (line: string): void =>
    assert.equal(summary.filter((seen) => seen === line).length, 1, `${line} once in ${JSON.stringify(summary)}`);
  once('> SYN');
  once('< SYN,ACK');
  once(`> PSH,ACK ${MESSAGE}`);
  once(`< PSH,ACK ${MESSAGE}`);
  assert.equal(summary.filter((line) => line.includes('FIN')).length, 2, JSON.stringify(summary));
  // No frame twice: loopback shows each packet sent and received, a LAN capture must keep one.
  assert.ok(summary.length <= 10, JSON.stringify(summary));
}

async function tsharkPayloads(path: string): Promise<string[]> {
  const { stdout } = await execFileAsync(
    'tshark',
    ['-r', path, '-T', 'fields', '-e', 'ip.src', '-e', 'tcp.payload', '-Y', 'tcp.len > 0'],
    { timeout: 30_000 },
  );
  return stdout
    .trim()
    .split('\n')
    .map((line) => {
      const [src, hex = ''] = line.split('\t');
      return `${src} ${Buffer.from(hex.replace(/:/g, ''), 'hex').toString('latin1')}`;
    });
}

type StatusMessage = Extract<Message, { type: 'status' }>;

function skipUnlessNamespaces(t: TestContext): boolean {
  if (skipReason === undefined) return false;
  t.skip(skipReason);
  return true;
}

/** A fixture in the lab's namespace once its capture has started; `undefined` when the test is skipped. */
async function startLab(
  t: TestContext,
  environment: Record<string, string>,
  fixture = PIPELINE_FIXTURE,
): Promise<{ lab: Lab; status: StatusMessage } | undefined> {
  if (skipUnlessNamespaces(t)) return undefined;
  const lab = Lab.start(t, environment, fixture);
  const status = await lab.status();
  if (status.state === 'unavailable') {
    t.skip(`capture unavailable here: ${status.reason.en}`);
    return undefined;
  }
  return { lab, status };
}

describe('LAN capture in network namespaces', { timeout: TEST_TIMEOUT_MS * 3 }, () => {
  it('captures a board on the LAN and the host itself, each packet once, into a pcapng tshark reads', {
    timeout: TEST_TIMEOUT_MS,
  }, async (t) => {
    const port = 60001;
    const started = await startLab(t, { LAB_HOST: LAB_ADDRESS, ECHO_ADDRESS: LAB_ADDRESS, ECHO_PORT: String(port) });
    if (started === undefined) return;
    const { lab, status } = started;
    assert.equal(status.state, 'running', status.reason.en);
    assert.equal(status.interface, 'any');
    assert.equal(status.reason.en, `capturing on lo, ${LAB_BRIDGE}: packets from the LAN are captured too`);
    assert.equal(status.reason['zh-Hans'], `正在 lo, ${LAB_BRIDGE} 上抓包：局域网上的数据包也能抓到`);

    await boardExchange(port);
    assertExchange(await lab.closed(BOARD_ADDRESS, ofBoard), BOARD_ADDRESS, LAB_ADDRESS, port);

    // From the lab host to its own LAN address: over lo, where `any` would show every packet twice.
    await lab.command(`local ${MESSAGE}`);
    assertExchange(await lab.closed(LAB_ADDRESS, ofLabHost), LAB_ADDRESS, LAB_ADDRESS, port);
    // Nothing but the two connections.
    assert.equal(lab.packets().filter((packet) => !ofBoard(packet) && !ofLabHost(packet)).length, 0);

    const pcapng = join(scratch, 'lan.pcapng');
    await lab.command(`pcapng ${pcapng}`);
    const payloads = await tsharkPayloads(pcapng);
    assert.deepEqual(payloads, [
      `${BOARD_ADDRESS} ${MESSAGE}`,
      `${LAB_ADDRESS} ${MESSAGE}`,
      `${LAB_ADDRESS} ${MESSAGE}`,
      `${LAB_ADDRESS} ${MESSAGE}`,
    ]);
    const { stdout } = await execFileAsync('tshark', ['-r', pcapng, '-T', 'fields', '-e', 'frame.number'], {
      timeout: 30_000,
    });
    assert.equal(stdout.trim().split('\n').length, lab.packets().length);
  });

  it('captures a board when the lab servers are bound to the wildcard address', {
    timeout: TEST_TIMEOUT_MS,
  }, async (t) => {
    const port = 60002;
    const started = await startLab(t, { LAB_HOST: '0.0.0.0', ECHO_ADDRESS: '0.0.0.0', ECHO_PORT: String(port) });
    if (started === undefined) return;
    const { lab, status } = started;
    // Every interface with an address, but not the bridge's port; the tunnel is said to be unproven.
    assert.equal(
      status.reason.en,
      `capturing on lo, ${LAB_BRIDGE}: packets from the LAN are captured too; also on ${LAB_TUNNEL}, which no canary can prove (no multicast there)`,
    );
    assert.equal(
      status.reason['zh-Hans'],
      `正在 lo, ${LAB_BRIDGE} 上抓包：局域网上的数据包也能抓到；也在 ${LAB_TUNNEL} 上抓包，但这些接口不支持组播，无法用探测数据报验证`,
    );
    await boardExchange(port);
    assertExchange(await lab.closed(BOARD_ADDRESS, ofBoard), BOARD_ADDRESS, LAB_ADDRESS, port);
  });

  it('captures a board over IPv6, proving the interface with an IPv6 canary', {
    timeout: TEST_TIMEOUT_MS,
  }, async (t) => {
    const port = 60004;
    const started = await startLab(t, {
      LAB_HOST: LAB_ADDRESS_6,
      ECHO_ADDRESS: LAB_ADDRESS_6,
      ECHO_PORT: String(port),
    });
    if (started === undefined) return;
    const { lab, status } = started;
    assert.equal(status.reason.en, `capturing on lo, ${LAB_BRIDGE}: packets from the LAN are captured too`);
    await boardExchange(port, LAB_ADDRESS_6);
    const ofBoard6 = (packet: PacketMessage): boolean =>
      packet.src === BOARD_ADDRESS_6 || packet.dst === BOARD_ADDRESS_6;
    assertExchange(await lab.closed(BOARD_ADDRESS_6, ofBoard6), BOARD_ADDRESS_6, LAB_ADDRESS_6, port);
  });

  it("puts a board's packets on its student's page and in the page's pcapng download", {
    timeout: TEST_TIMEOUT_MS,
  }, async (t) => {
    const started = await startLab(t, { LAB_HOST: LAB_ADDRESS }, SERVER_FIXTURE);
    if (started === undefined) return;
    const { lab, status } = started;
    // The lab server hands its lab host to the capture, which then runs on any.
    assert.equal(status.interface, 'any');
    const session = await lab.wait(
      (message): message is Extract<Message, { type: 'session' }> => message.type === 'session',
    );
    assert.equal(session.capture.reason, `capturing on lo, ${LAB_BRIDGE}: packets from the LAN are captured too`);
    await boardExchange(session.port);
    await lab.command('packets');
    assertExchange(lab.packets(), BOARD_ADDRESS, LAB_ADDRESS, session.port);
    const pcapng = join(scratch, 'page.pcapng');
    await lab.command(`pcapng ${pcapng}`);
    assert.deepEqual(await tsharkPayloads(pcapng), [`${BOARD_ADDRESS} ${MESSAGE}`, `${LAB_ADDRESS} ${MESSAGE}`]);
  });

  it("shows no frame that another machine on the LAN forged with the lab server's address as its source", {
    timeout: TEST_TIMEOUT_MS,
  }, async (t) => {
    const port = 60005;
    const started = await startLab(t, { LAB_HOST: LAB_ADDRESS, ECHO_ADDRESS: LAB_ADDRESS, ECHO_PORT: String(port) });
    if (started === undefined) return;
    const { lab } = started;
    const [bridge] = JSON.parse(await inNamespace(LAB_NS, 'ip', '-j', 'link', 'show', LAB_BRIDGE)) as {
      address: string;
    }[];
    assert.ok(bridge !== undefined);
    // The board takes the lab's address as its own and sends a SYN from the lab server's endpoint, framed to
    // the lab machine's MAC address: a frame the lab machine's kernel drops as a martian.
    const removeForgery = async (): Promise<void> => {
      await ip('-n', BOARD_NS, 'addr', 'del', `${LAB_ADDRESS}/32`, 'dev', 'lo').catch(() => {});
      await ip('-n', BOARD_NS, 'neigh', 'del', '10.199.0.99', 'dev', BOARD_IF).catch(() => {});
    };
    t.after(removeForgery);
    await ip('-n', BOARD_NS, 'addr', 'add', `${LAB_ADDRESS}/32`, 'dev', 'lo');
    await ip('-n', BOARD_NS, 'neigh', 'add', '10.199.0.99', 'lladdr', bridge.address, 'dev', BOARD_IF);
    const forge = `
      const socket = require('node:net').connect({ host: '10.199.0.99', port: 40000, localAddress: '${LAB_ADDRESS}', localPort: ${port} });
      socket.on('error', () => {});
      setTimeout(() => { socket.destroy(); process.exit(0); }, 1500);
    `;
    await inNamespace(BOARD_NS, process.execPath, '-e', forge);
    await removeForgery();
    // A real exchange after it: once its packets are here, the forged SYN would have been too.
    await boardExchange(port);
    assertExchange(await lab.closed(BOARD_ADDRESS, ofBoard), BOARD_ADDRESS, LAB_ADDRESS, port);
    assert.deepEqual(
      lab.packets().filter((packet) => packet.dst === '10.199.0.99'),
      [],
    );
  });

  it('says in both languages that the LAN is not captured when its canary cannot come through', {
    timeout: TEST_TIMEOUT_MS,
  }, async (t) => {
    if (skipUnlessNamespaces(t)) return;
    const table = `socketlab_test_${process.pid}`;
    // Output hooks run before the packet reaches the interface, so the capture never sees the LAN canary.
    await inNamespace(LAB_NS, 'nft', 'add', 'table', 'inet', table);
    t.after(() => inNamespace(LAB_NS, 'nft', 'delete', 'table', 'inet', table).catch(() => {}));
    await inNamespace(LAB_NS, 'nft', `add chain inet ${table} out { type filter hook output priority 0 ; }`);
    await inNamespace(LAB_NS, 'nft', `add rule inet ${table} out ip daddr 224.0.0.254 udp dport 60499 drop`);
    const port = 60003;
    const started = await startLab(t, {
      LAB_HOST: LAB_ADDRESS,
      ECHO_ADDRESS: LAB_ADDRESS,
      ECHO_PORT: String(port),
      READY_TIMEOUT_MS: '1500',
    });
    if (started === undefined) return;
    const { lab, status } = started;
    assert.equal(status.state, 'running', status.reason.en);
    assert.equal(
      status.reason.en,
      `capturing on lo only, not on the LAN: no canary datagram sent out of ${LAB_BRIDGE} (to 224.0.0.254:60499) came through the capture within 1500 ms, so packets from boards on the LAN are not captured`,
    );
    assert.equal(
      status.reason['zh-Hans'],
      `只在 lo 上抓包，没有抓局域网：1500 ms 内抓包没有收到从 ${LAB_BRIDGE} 发出的探测数据报（发往 224.0.0.254:60499），所以局域网上开发板的数据包抓不到`,
    );
    // The host's own connection, over lo, is still captured.
    await lab.command(`local ${MESSAGE}`);
    assertExchange(await lab.closed(LAB_ADDRESS, ofLabHost), LAB_ADDRESS, LAB_ADDRESS, port);
  });
});
