/**
 * Decides where the lab shell may connect. It reaches the session's own lab servers by name (`echo`) or
 * address; in local mode, where one student runs socketlab on their own machine, it may also reach that
 * student's own servers on loopback. It never connects anywhere else, and never resolves a name other than
 * `localhost`, so a page cannot turn the shell into a scanner of the student's network.
 */

import net from 'node:net';
import { type Localized, localized } from '../../src/common/localized';
import type { ServerInfo } from '../../src/protocol';

const TEXT = localized({
  en: {
    noTarget: 'say where to connect: a lab server name (echo) or HOST:PORT',
    unknownTarget: (typed: string, names: string) => `"${typed}" is neither a lab server (${names}) nor HOST:PORT`,
    badPort: (typed: string) => `"${typed}" is not a port number (1–65535)`,
    noLookups: 'the lab shell does not look up host names; use a lab server name or a loopback address',
    notThisMachine: (host: string) =>
      `${host} is not this machine; the lab shell reaches only the lab servers and loopback`,
    classroom: (port: number) =>
      `port ${port} is not one of this lab's servers; in a classroom the shell reaches only those`,
  },
  'zh-Hans': {
    noTarget: '请指明连接到哪里：实验服务器的名字（echo）或 HOST:PORT',
    unknownTarget: (typed, names) => `"${typed}" 既不是实验服务器（${names}），也不是 HOST:PORT`,
    badPort: (typed) => `"${typed}" 不是端口号（1–65535）`,
    noLookups: '实验 shell 不解析主机名；请用实验服务器的名字或回环地址',
    notThisMachine: (host) => `${host} 不是本机；实验 shell 只能连接实验服务器和回环地址`,
    classroom: (port) => `端口 ${port} 不是本实验的服务器；在课堂模式下，实验 shell 只能连接它们`,
  },
});

/** A lab server as the shell knows it: its title in every language, since the page's language may change. */
export type ShellServer = Omit<ServerInfo, 'title'> & { readonly title: Localized };

export interface Target {
  /** The address actually connected to: always loopback. */
  readonly host: string;
  readonly port: number;
  /** The lab server this is, when it is one. */
  readonly server?: ShellServer;
}

export type TargetResult =
  | { readonly ok: true; readonly target: Target }
  | { readonly ok: false; readonly why: Localized };

export interface TargetPolicyOptions {
  readonly servers: readonly ShellServer[];
  /** Whether loopback ports other than the lab's own servers are allowed (local mode). */
  readonly allowLoopback: boolean;
}

function isLoopback(host: string): boolean {
  if (net.isIPv4(host)) return host.startsWith('127.');
  if (net.isIPv6(host)) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/**
 * Parses `echo`, `20417`, `127.0.0.1:20417`, `[::1]:20417`, `localhost:20417` or `host port` (two words), and
 * applies the policy; the same for TCP and UDP, `transport` saying which lab servers an address may name.
 */
export function resolveTarget(
  words: readonly string[],
  options: TargetPolicyOptions,
  transport: ServerInfo['transport'] = 'tcp',
): TargetResult {
  const [first, second] = words;
  if (first === undefined) return { ok: false, why: TEXT.noTarget };
  const named = options.servers.find((server) => server.id === first);
  if (named !== undefined && second === undefined) {
    return { ok: true, target: { host: '127.0.0.1', port: named.port, server: named } };
  }
  let host: string;
  let portText: string | undefined;
  if (second !== undefined) {
    host = first;
    portText = second;
  } else if (/^\d+$/.test(first)) {
    host = '127.0.0.1';
    portText = first;
  } else {
    const match = /^\[([^\]]+)\]:(\d+)$/.exec(first) ?? /^([^:]+):(\d+)$/.exec(first);
    if (match === null) {
      const names = options.servers.map((server) => server.id).join(', ');
      return { ok: false, why: TEXT.unknownTarget(first, names) };
    }
    host = match[1]!;
    portText = match[2];
  }
  const port = Number(portText);
  if (!/^\d+$/.test(portText ?? '') || port < 1 || port > 65535) {
    return { ok: false, why: TEXT.badPort(portText ?? '') };
  }
  if (host === 'localhost') host = '127.0.0.1';
  // A TCP and a UDP server may share a port number: an address names the one of the transport used.
  const server = options.servers.find(
    (candidate) =>
      candidate.port === port && candidate.transport === transport && (candidate.host === host || isLoopback(host)),
  );
  // A lab server may be advertised under the machine's network address for boards; the shell runs on that
  // machine, so it reaches the same listening socket over loopback and no packet leaves the host.
  if (server !== undefined) return { ok: true, target: { host: isLoopback(host) ? host : '127.0.0.1', port, server } };
  if (!net.isIP(host)) {
    return { ok: false, why: TEXT.noLookups };
  }
  if (!isLoopback(host)) {
    return { ok: false, why: TEXT.notThisMachine(host) };
  }
  if (!options.allowLoopback) {
    return { ok: false, why: TEXT.classroom(port) };
  }
  return { ok: true, target: { host, port } };
}
