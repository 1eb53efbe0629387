/**
 * Runs every snippet for real: the C program is compiled with warnings as errors, the Python and Node programs
 * run, each against a throwaway echo server on 127.0.0.1 (and ::1 where available) on port 0, and each must
 * print exactly `Hello,world!`. The TCP server echoes one byte at a time, so a program that reads only once
 * (instead of looping until all bytes or EOF) fails here as it would on a real network.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  cSnippet,
  microPythonSnippet,
  ncSnippet,
  nodeSnippet,
  pythonSnippet,
  type SnippetLanguage,
  type SnippetTarget,
} from './snippets';

const run = promisify(execFile);
const EXPECTED = 'Hello,world!\n';

let dir: string;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'socketlab-snippets-'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An echo server that sends each received byte back in its own segment, a millisecond apart. */
async function startTcpEcho(host: string): Promise<{ port: number; close: () => Promise<void> }> {
  // allowHalfOpen: the client's FIN (nc -N) must not end our side before the slow echo is written.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    socket.setNoDelay(true);
    let pending = Promise.resolve();
    socket.on('data', (data) => {
      for (const byte of data) {
        pending = pending.then(
          () =>
            new Promise<void>((resolve) => {
              socket.write(Buffer.from([byte]));
              setTimeout(resolve, 1);
            }),
        );
      }
    });
    socket.on('end', () => {
      void pending.then(() => socket.end());
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function startUdpEcho(host: string): Promise<{ port: number; close: () => Promise<void> }> {
  const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
  socket.on('message', (message, remote) => socket.send(message, remote.port, remote.address));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, resolve);
  });
  return { port: socket.address().port, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}

async function which(command: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}

async function ipv6Available(): Promise<boolean> {
  try {
    const probe = await startUdpEcho('::1');
    await probe.close();
    return true;
  } catch {
    return false;
  }
}

async function runSnippet(language: SnippetLanguage, target: SnippetTarget): Promise<string> {
  const name = `${language}-${target.transport}-${target.host.replaceAll(':', '_')}-${target.port}`;
  const options = { timeout: 20_000, cwd: dir };
  switch (language) {
    case 'python': {
      const file = path.join(dir, `${name}.py`);
      await writeFile(file, pythonSnippet(target).code);
      return (await run('python3', [file], options)).stdout;
    }
    case 'micropython': {
      // The board's program runs under CPython as it is: only the names both share.
      const file = path.join(dir, `${name}-main.py`);
      await writeFile(file, microPythonSnippet(target).code);
      return (await run('python3', [file], options)).stdout;
    }
    case 'node': {
      const file = path.join(dir, `${name}.mjs`);
      await writeFile(file, nodeSnippet(target).code);
      return (await run(process.execPath, [file], options)).stdout;
    }
    case 'c': {
      const file = path.join(dir, `${name}.c`);
      const binary = path.join(dir, name);
      await writeFile(file, cSnippet(target).code);
      await run('cc', ['-std=c11', '-Wall', '-Wextra', '-Werror', '-pedantic', '-o', binary, file], options);
      return (await run(binary, [], options)).stdout;
    }
    case 'nc':
      return (await run('sh', ['-c', ncSnippet(target).code], options)).stdout;
  }
}

const LANGUAGES = ['python', 'c', 'node', 'micropython', 'nc'] as const;

for (const transport of ['tcp', 'udp'] as const) {
  for (const host of ['127.0.0.1', '::1']) {
    describe(`${transport} snippets against ${host}`, () => {
      let server: { port: number; close: () => Promise<void> } | undefined;

      before(async () => {
        if (host === '::1' && !(await ipv6Available())) return;
        server = transport === 'tcp' ? await startTcpEcho(host) : await startUdpEcho(host);
      });

      after(async () => {
        await server?.close();
      });

      for (const language of LANGUAGES) {
        it(`${language} prints the echo`, async (t) => {
          if (server === undefined) return t.skip('no IPv6 loopback');
          // A board's network stack (lwIP on an ESP32) is IPv4: its program asks for AF_INET.
          if (language === 'micropython' && host === '::1') return t.skip('a board speaks IPv4');
          const tool = { python: 'python3', c: 'cc', node: 'node', micropython: 'python3', nc: 'nc' }[language];
          if (!(await which(tool))) return t.skip(`${tool} is not installed`);
          const stdout = await runSnippet(language, { host, port: server.port, transport });
          assert.equal(stdout, EXPECTED);
        });
      }
    });
  }
}

describe('failures', () => {
  it('the C program reports a refused connection and exits 1', async (t) => {
    if (!(await which('cc'))) return t.skip('cc is not installed');
    // A port that was just free: bind, read it, close.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    await assert.rejects(runSnippet('c', { host: '127.0.0.1', port, transport: 'tcp' }), (error: unknown) => {
      const { code, stderr } = error as { code: number; stderr: string };
      assert.equal(code, 1);
      assert.match(stderr, /connect to 127\.0\.0\.1 port \d+: Connection refused/);
      return true;
    });
  });
});
