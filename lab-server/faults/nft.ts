/**
 * Runs `nft`, the nftables command, for the faults that drop packets in the kernel. Every call is bounded in
 * time and output; none goes through a shell (arguments are passed as they are, scripts on standard input).
 * `nftAvailability` says, before a lab offers a fault, whether this lab server may change the rule set, and if
 * not, why and how to allow it, in words for the lab panel.
 */

import { spawn } from 'node:child_process';
import { type Localized, localized } from '../../src/common/localized';

const NFT_TIMEOUT_MS = 5000;
/** `nft -j list …` of the lab server's own table is small; anything past this is cut off (and then unparsable). */
const MAX_OUTPUT_BYTES = 1 << 20;

export interface NftResult {
  /** The exit code; undefined when nft could not be started or was killed for taking too long. */
  readonly code: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  /** `ENOENT` when there is no nft, `ETIMEDOUT` when it was killed for taking too long. */
  readonly error?: string;
}

const TEXT = localized({
  en: {
    missing: (path: string) =>
      `Faults need nftables, and ${path} was not found: install it (apt-get install nftables) and restart the lab server.`,
    denied: (detail: string) =>
      `Faults need the right to change the kernel's packet filter (${detail}). Run the lab server as root, or give it CAP_NET_ADMIN (for a systemd unit: AmbientCapabilities=CAP_NET_ADMIN).`,
    failed: (detail: string) => `nftables did not work on this machine (${detail}).`,
  },
  'zh-Hans': {
    missing: (path) =>
      `故障注入需要 nftables，但找不到 ${path}：请安装它（apt-get install nftables），然后重启实验服务器。`,
    denied: (detail) =>
      `故障注入需要修改内核包过滤规则的权限（${detail}）。请以 root 身份运行实验服务器，或者授予它 CAP_NET_ADMIN（systemd 单元中写 AmbientCapabilities=CAP_NET_ADMIN）。`,
    failed: (detail) => `nftables 在这台机器上无法工作（${detail}）。`,
  },
});

/** Runs `nft` with `args`, and `script` on its standard input if given (with `-f -`). Never throws. */
export function runNft(args: readonly string[], script?: string, nftPath = 'nft'): Promise<NftResult> {
  return new Promise((resolve) => {
    const child = spawn(nftPath, script === undefined ? [...args] : [...args, '-f', '-'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      if (size >= MAX_OUTPUT_BYTES) return;
      size += chunk.length;
      into.push(chunk);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    let error: string | undefined;
    const timer = setTimeout(() => {
      error = 'ETIMEDOUT';
      child.kill('SIGKILL');
    }, NFT_TIMEOUT_MS);
    child.on('error', (spawnError: NodeJS.ErrnoException) => {
      error ??= spawnError.code ?? spawnError.message;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code: error === undefined ? (code ?? undefined) : undefined,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        ...(error === undefined ? {} : { error }),
      });
    });
    child.stdin.on('error', () => {
      // nft exited before reading its script (not started, or refused): its exit says why.
    });
    child.stdin.end(script ?? '');
  });
}

export type NftAvailability = { readonly available: true } | { readonly available: false; readonly reason: Localized };

/** Whether this lab server may change the rule set: `nft list tables` needs the same right as adding one. */
export async function nftAvailability(nftPath = 'nft'): Promise<NftAvailability> {
  const result = await runNft(['list', 'tables'], undefined, nftPath);
  if (result.code === 0) return { available: true };
  if (result.error === 'ENOENT') return { available: false, reason: TEXT.missing(nftPath) };
  const detail = lastLine(result) ?? result.error ?? `exit code ${result.code}`;
  if (/not permitted|permission denied|must be root/i.test(result.stderr)) {
    return { available: false, reason: TEXT.denied(detail) };
  }
  return { available: false, reason: TEXT.failed(detail) };
}

/** The line of nft's complaint that says what went wrong. */
export function lastLine(result: NftResult): string | undefined {
  return result.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('^'))
    .at(0);
}
