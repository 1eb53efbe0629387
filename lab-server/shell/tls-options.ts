/**
 * What `connect --tls` is asked to do, read from its options: which versions to offer (`--tls1.2`, `--tls1.3`),
 * what to trust (`--ca class`, the default; `system`, Node's bundled roots; `none`, no verification at all),
 * whether to present the session's own client certificate (`--cert mine`), and the name to ask for and verify
 * (`--servername`, else the lab server's host name as the server was reached). And what the session hands the
 * shell for it: the class root and the session's client credentials (`LabShellOptions.tls`).
 */

import net from 'node:net';
import type tls from 'node:tls';
import { localized } from '../../src/common/localized';
import type { ServerInfo } from '../../src/protocol';
import type { ClientCredentials } from '../pki/pki';
import type { ParsedLine } from './command-line';
import type { ShellText } from './shell-text';
import type { Target } from './target-policy';
import { visible } from './visible-text';

/** What the session gives its shell for TLS; a lab without TLS servers gives nothing. */
export interface ShellTls {
  /** The class root CA, PEM: what `--ca class` trusts. */
  readonly caPem: string;
  /** The session's own client certificate and key, for `--cert mine` (mutual TLS). */
  readonly client?: ClientCredentials;
  /** The class intermediate's current CRL, DER, for the revocation step when no OCSP response was stapled. */
  crl?(): Uint8Array;
}

export type TrustChoice = 'class' | 'system' | 'none';

export const TRUST_CHOICES: readonly TrustChoice[] = ['class', 'system', 'none'];

export interface TlsRequest {
  readonly minVersion: tls.SecureVersion;
  readonly maxVersion: tls.SecureVersion;
  readonly trust: TrustChoice;
  /** Present the session's client certificate. */
  readonly clientCertificate: boolean;
  /** The name the certificate must carry: `--servername`, or the host as the server was reached. */
  readonly host: string;
  /** The SNI to send: undefined for an address, which RFC 6066 §3 does not allow in server_name. */
  readonly serverName: string | undefined;
}

/** The options `connect` takes for TLS. */
export const TLS_FLAGS = ['--tls', '--tls1.2', '--tls1.3'] as const;
export const TLS_VALUE_OPTIONS = ['--ca', '--cert', '--servername'] as const;

const TEXT = localized({
  en: {
    bothVersions: 'connect: --tls1.2 and --tls1.3 each allow one version only: give one of them, or neither for both',
    badCa: (typed: string) => `connect: --ca takes class, system or none, not "${typed}"`,
    badCert: (typed: string) => `connect: --cert takes mine (your session's client certificate), not "${typed}"`,
    badServerName: (typed: string) =>
      `connect: --servername takes a host name (letters, digits, dots and hyphens), not "${typed}"`,
    needsTls: (option: string) => `connect: ${option} is an option of connect --tls`,
    notUdp: 'connect: TLS runs over TCP; the lab shell has no DTLS, the datagram TLS of UDP',
  },
  'zh-Hans': {
    bothVersions: 'connect: --tls1.2 和 --tls1.3 各自只允许一个版本：二者选一，都不写则两个版本都允许',
    badCa: (typed) => `connect: --ca 只能是 class、system 或 none，不能是 "${typed}"`,
    badCert: (typed) => `connect: --cert 只能是 mine（你的会话的客户端证书），不能是 "${typed}"`,
    badServerName: (typed) => `connect: --servername 后面要跟主机名（字母、数字、点和连字符），不能是 "${typed}"`,
    needsTls: (option) => `connect: ${option} 是 connect --tls 的选项`,
    notUdp: 'connect: TLS 运行在 TCP 之上；实验 shell 不支持 DTLS（UDP 上的 TLS）',
  },
});

/** Whether a lab server speaks TLS: the TLS kinds (`tls-echo`, `tls12-echo`, `mtls-echo`, `tls-expired`, …). */
export function speaksTls(server: Pick<ServerInfo, 'kind'>): boolean {
  return /^m?tls/.test(server.kind);
}

/** The alert a TLS error code names (`ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED` → `certificate_required`). */
export function tlsAlertName(code: string): string | undefined {
  return /_ALERT_([A-Z0-9_]+)$/.exec(code)?.[1]?.toLowerCase();
}

/** Whether the line asks for TLS: `--tls`, or a version flag, which says TLS by itself. */
export function wantsTls(line: ParsedLine): boolean {
  return TLS_FLAGS.some((flag) => line.options.has(flag));
}

/** Complains about a TLS option given without TLS, or TLS with UDP; undefined when there is nothing to say. */
export function tlsOptionMisuse(line: ParsedLine): ShellText | undefined {
  if (wantsTls(line)) {
    return line.options.has('--udp') || line.options.has('--fd') ? TEXT.notUdp : undefined;
  }
  const stray = TLS_VALUE_OPTIONS.find((option) => line.options.has(option));
  return stray === undefined ? undefined : TEXT.needsTls(stray);
}

/** A DNS name as SNI carries it (RFC 6066 §3, RFC 1123 §2.1): what `--servername` accepts. */
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * The TLS request a `connect --tls` line makes for `target`, or the reason it makes none. `words` are the
 * target as typed, so that `localhost:PORT` asks for `localhost` although the shell connects to 127.0.0.1.
 */
export function tlsRequest(
  line: ParsedLine,
  target: Target,
): { readonly request: TlsRequest } | { readonly why: ShellText } {
  const only12 = line.options.has('--tls1.2');
  const only13 = line.options.has('--tls1.3');
  if (only12 && only13) return { why: TEXT.bothVersions };
  const ca = line.options.get('--ca') ?? 'class';
  const trust = TRUST_CHOICES.find((choice) => choice === ca);
  if (trust === undefined) return { why: TEXT.badCa(visible(String(ca))) };
  const cert = line.options.get('--cert');
  if (cert !== undefined && cert !== 'mine') return { why: TEXT.badCert(visible(String(cert))) };
  const named = line.options.get('--servername');
  if (named !== undefined && (named === true || (!HOST_NAME.test(named) && !net.isIP(named)))) {
    return { why: TEXT.badServerName(visible(String(named))) };
  }
  const host = named ?? reachedHost(line.args, target);
  return {
    request: {
      minVersion: only13 ? 'TLSv1.3' : 'TLSv1.2',
      maxVersion: only12 ? 'TLSv1.2' : 'TLSv1.3',
      trust,
      clientCertificate: cert === 'mine',
      host,
      serverName: net.isIP(host) ? undefined : host,
    },
  };
}

/**
 * The host as the server was reached: a lab server by name is its advertised host (what the student's own
 * program would connect to), `localhost:PORT` is `localhost`, an address is itself.
 */
function reachedHost(words: readonly string[], target: Target): string {
  const [first, second] = words;
  if (first !== undefined && second === undefined && target.server?.id === first) return target.server.host;
  const typed =
    second !== undefined
      ? first
      : (/^\[([^\]]+)\]:\d+$/.exec(first ?? '')?.[1] ?? /^([^:]+):\d+$/.exec(first ?? '')?.[1]);
  return typed === 'localhost' ? 'localhost' : target.host;
}
