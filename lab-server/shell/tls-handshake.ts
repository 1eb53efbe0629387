/**
 * `connect --tls`'s handshake over a connection the shell just opened, narrated as it happens: the ClientHello
 * Node really sent and the server's answer, read by the record tap as they pass (TLS 1.2's Certificate,
 * ServerKeyExchange and ServerHelloDone are in the clear; TLS 1.3 encrypts everything after the ServerHello, so
 * its certificates are told from what the TLS library received); then each verification step, done by the shell
 * itself (tls-verification.ts) so that it can say which one failed and why; then Finished, and the version and
 * suite agreed. Node connects with `rejectUnauthorized: false` and verifies after the handshake, as Node itself
 * does with `rejectUnauthorized: true`: on a failure the shell drops the connection (unless `--ca none`) and
 * says the code Node would have thrown, what it means and how a device fixes it.
 */

import tls from 'node:tls';
import { localized } from '../../src/common/localized';
import { adviceFor } from '../certificates/failure-advice';
import { alertDescription, codePoint, tlsVersion } from '../tls/tls-names';
import { style } from './ansi';
import { type CommandContext, printModelNote } from './command';
import type { ShellSocket } from './shell-socket';
import { joinText, type ShellText } from './shell-text';
import {
  HANDSHAKE_TYPES,
  parseCertificates,
  parseClientHello,
  parseServerHello,
  parseServerKeyExchange,
} from './tls-messages';
import type { ShellTls, TlsRequest } from './tls-options';
import { RecordTap, type TapEvent } from './tls-record-tap';
import { peerChain, subjectLine, verifyPeer } from './tls-verification';
import { quoteText, visible } from './visible-text';

const TEXT = localized({
  en: {
    clientHello: (version: string, suites: number, sni: string) => `${version} · ${suites} cipher suites · ${sni}`,
    supportedVersions: (versions: string) => ` (supported_versions ${versions})`,
    sni: (name: string) => `SNI ${name}`,
    noSni: 'no SNI',
    noSniNote: (host: string) =>
      `  (${host} is an address, and RFC 6066 allows only host names in SNI: Node sends none, so the server answers with its default certificate)`,
    helloRetry: 'the server asks for a key share of another group: the client sends a second ClientHello',
    certificates: (count: number, chain: string) =>
      `${count} ${count === 1 ? 'certificate' : 'certificates'}: ${chain}`,
    encrypted:
      'it came encrypted: TLS 1.3 encrypts every handshake message after the ServerHello, so a capture shows it only with the keys',
    keyExchange: (group: string, scheme: string) => `ECDHE ${group}, the parameters signed with ${scheme}`,
    rsaKeyExchange:
      "the premaster secret, encrypted to the server certificate's RSA key: whoever obtains that key later can decrypt this recording (no forward secrecy)",
    ecdheKeyExchange: "the client's ECDHE public key",
    certificateRequest: 'the server asks for a client certificate',
    certificateVerify:
      "the server's signature over the handshake so far, with its certificate's key: it holds that key",
    yours: (subject: string) => `yours: ${subject}`,
    noCertificate: 'empty: you have no certificate to send (--cert mine sends your session’s)',
    status: (bytes: number) => `a stapled OCSP response, ${bytes} bytes`,
    ticket: 'a session ticket, to resume without a full handshake next time',
    encryptedFinished: 'encrypted with the new keys',
    alert: (level: string, name: string) => `${level} ${name}`,
    notTls: (bytes: string) => `not TLS: the server answered ${bytes}, which is no TLS record`,
    echoed: 'your own ClientHello came back: this server echoes bytes and does not speak TLS',
    done: (ms: string, version: string, cipher: string) =>
      `handshake done in ${ms} ms: ${version}, ${cipher}; send and recv now go through TLS`,
    withCertificate: (subject: string) => `; your certificate ${subject} went with it`,
    noneWarning:
      '--ca none: nothing was verified, so anyone on the path could have answered. This is what verify=False (Python), CERT_NONE, rejectUnauthorized: false (Node) and MBEDTLS_SSL_VERIFY_NONE do; a device must never ship it: it would encrypt to whoever answers.',
    namedAs: (code: string) => `OpenSSL's code for it; the step that failed is ${code}`,
    nodeSays: (code: string) => `the step that failed; Node's tls gives only ${code}`,
    meaning: (text: string) => `  ${text}`,
    fix: (text: string) => `  fix: ${text}`,
    dropped: 'the lab shell dropped the connection, as a client must when the server cannot be verified',
    failedHandshake: 'the handshake failed; the fd is released',
    timedOut: (seconds: string) => `no handshake within ${seconds} s`,
    interrupted: 'interrupted by Ctrl-C',
    summary: (version: string, cipher: string, trust: string) => `${version} · ${cipher} · ${trust}`,
    trustClass: 'verified against the class root',
    trustSystem: "verified against Node's bundled roots",
    trustNone: 'NOT verified (--ca none)',
    noTls:
      'connect: this lab has no TLS: its session has no class PKI to trust. The labs of the TLS lessons (certificates, TLS 1.2 and 1.3, mutual TLS) have one.',
    noClientCertificate: 'connect: --cert mine needs a client certificate, and this session has none',
  },
  'zh-Hans': {
    clientHello: (version, suites, sni) => `${version} · ${suites} 个密码套件 · ${sni}`,
    supportedVersions: (versions) => `（supported_versions ${versions}）`,
    sni: (name) => `SNI ${name}`,
    noSni: '不带 SNI',
    noSniNote: (host) =>
      `  （${host} 是 IP 地址，而 RFC 6066 规定 SNI 里只能放主机名：Node 不发送 SNI，服务器于是用它的默认证书应答）`,
    helloRetry: '服务器要求换一个组的密钥共享：客户端要再发一次 ClientHello',
    certificates: (count, chain) => `${count} 张证书：${chain}`,
    encrypted: '它是加密传来的：TLS 1.3 在 ServerHello 之后的所有握手消息都加密，抓包里只有用密钥才看得到',
    keyExchange: (group, scheme) => `ECDHE ${group}，参数用 ${scheme} 签名`,
    rsaKeyExchange:
      '预主密钥用服务器证书的 RSA 公钥加密后发出：日后谁拿到这把私钥，谁就能解密这段录下来的流量（没有前向保密）',
    ecdheKeyExchange: '客户端的 ECDHE 公钥',
    certificateRequest: '服务器要求客户端出示证书',
    certificateVerify: '服务器用证书对应的私钥对到此为止的握手内容签名：证明它确实持有这把私钥',
    yours: (subject) => `你的证书：${subject}`,
    noCertificate: '空的：你没有可以发送的证书（--cert mine 会发送你的会话证书）',
    status: (bytes) => `装订的 OCSP 响应，${bytes} 字节`,
    ticket: '会话票据，下次可以不走完整握手直接恢复会话',
    encryptedFinished: '已用新密钥加密',
    alert: (level, name) => `${level} ${name}`,
    notTls: (bytes) => `不是 TLS：服务器回了 ${bytes}，这不是 TLS 记录`,
    echoed: '回来的是你自己的 ClientHello：这个服务器只是把字节原样发回，并不懂 TLS',
    done: (ms, version, cipher) => `握手在 ${ms} ms 内完成：${version}，${cipher}；此后 send 和 recv 都经过 TLS`,
    withCertificate: (subject) => `；你的证书 ${subject} 也一起发出了`,
    noneWarning:
      '--ca none：什么都没有验证，路径上的任何人都可以冒充服务器应答。verify=False（Python）、CERT_NONE、rejectUnauthorized: false（Node）和 MBEDTLS_SSL_VERIFY_NONE 做的就是这件事；设备绝不能带着它出厂：它会把数据加密发给任何一个应答者。',
    namedAs: (code) => `这是 OpenSSL 给的错误码；失败的那一步是 ${code}`,
    nodeSays: (code) => `这是失败的那一步；Node 的 tls 只给出 ${code}`,
    meaning: (text) => `  ${text}`,
    fix: (text) => `  解决办法：${text}`,
    dropped: '实验 shell 断开了连接：无法验证服务器时，客户端就应该这样做',
    failedHandshake: '握手失败；fd 已释放',
    timedOut: (seconds) => `${seconds} 秒内没有完成握手`,
    interrupted: '被 Ctrl-C 中断了',
    summary: (version, cipher, trust) => `${version} · ${cipher} · ${trust}`,
    trustClass: '已用班级根证书验证',
    trustSystem: '已用 Node 自带的根证书验证',
    trustNone: '未验证（--ca none）',
    noTls:
      'connect: 本实验没有 TLS：会话里没有可信任的班级 PKI。TLS 各课（证书、TLS 1.2 和 1.3、双向 TLS）的实验里有。',
    noClientCertificate: 'connect: --cert mine 需要客户端证书，而这个会话没有',
  },
});

const ALERT_LEVELS: Readonly<Record<number, string>> = { 1: 'warning', 2: 'fatal' };

/** `TLSv1.3` → `TLS 1.3`, as the protocol and the lessons write versions. */
export function versionName(protocol: string | null): string {
  return protocol?.replace(/^TLSv/, 'TLS ') ?? '?';
}

/** Why `connect --tls` cannot start in this session, or undefined when it can. */
export function tlsUnavailable(shellTls: ShellTls | undefined, request: TlsRequest): ShellText | undefined {
  if (shellTls === undefined) return TEXT.noTls;
  if (request.clientCertificate && shellTls.client === undefined) return TEXT.noClientCertificate;
  return undefined;
}

/**
 * Runs the TLS handshake over `socket`, narrated. Returns whether the connection is up and secured; when not, the
 * socket has been destroyed and the caller releases its fd.
 */
export async function startTls(
  context: CommandContext,
  socket: ShellSocket,
  request: TlsRequest,
  shellTls: ShellTls,
): Promise<boolean> {
  const narration = new HandshakeNarration(context, request);
  const client = request.clientCertificate ? shellTls.client : undefined;
  const started = performance.now();
  const options: tls.ConnectionOptions & { readonly requestOCSP: boolean } = {
    ...(request.serverName === undefined ? {} : { servername: request.serverName }),
    ...(request.trust === 'class' ? { ca: shellTls.caPem } : {}),
    ...(client === undefined ? {} : { cert: client.cert, key: client.key }),
    minVersion: request.minVersion,
    maxVersion: request.maxVersion,
    // No verification here: the shell verifies each step itself once the handshake is done, below.
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
    // Asks for a stapled OCSP response (status_request, RFC 6066 §8), for the revocation step. Node passes it on
    // to the TLSSocket, though its types list it only there.
    requestOCSP: true,
  };
  const secured = socket.secure((raw) =>
    tls.connect({ ...options, socket: new RecordTap(raw, (event) => narration.record(event)) }),
  );
  let stapled: Buffer | undefined;
  secured.once('OCSPResponse', (response: Buffer | null) => {
    if (response !== null && response.length > 0) stapled = response;
  });
  const outcome = await new Promise<'secure' | { readonly code: string }>((resolve) => {
    const finish = (result: 'secure' | { readonly code: string }): void => {
      clearTimeout(timer);
      context.signal.removeEventListener('abort', onAbort);
      secured.off('secureConnect', onSecure);
      secured.off('error', onError);
      secured.off('close', onClose);
      resolve(result);
    };
    const onSecure = (): void => finish('secure');
    const onError = (error: NodeJS.ErrnoException): void => finish({ code: error.code ?? 'EIO' });
    const onClose = (): void => finish({ code: 'ECONNRESET' });
    const onAbort = (): void => finish({ code: 'EINTR' });
    const timer = setTimeout(() => finish({ code: 'timeout' }), context.connectTimeoutMs);
    secured.once('secureConnect', onSecure);
    secured.once('error', onError);
    secured.once('close', onClose);
    context.signal.addEventListener('abort', onAbort, { once: true });
  });
  const call = `SSL_connect(fd ${socket.fd})`;
  if (outcome !== 'secure') {
    narration.failed(call, outcome.code);
    socket.destroy();
    context.narrate(`close(fd ${socket.fd})`, '0', TEXT.failedHandshake);
    return false;
  }
  const ms = (performance.now() - started).toFixed(1);
  const version = versionName(secured.getProtocol());
  const cipher = secured.getCipher().standardName;
  const chain = peerChain(secured);
  if (narration.version !== 'TLS 1.2') narration.serverFlight(chain.map((certificate) => certificate.raw));
  let verifiedCode: string | undefined;
  let namedAs: string | undefined;
  let nodeCode: string | undefined;
  if (request.trust === 'none') {
    context.print(style.red(TEXT.noneWarning));
  } else {
    const verification = verifyPeer(chain, secured, request, shellTls, stapled);
    // One line naming each certificate, its steps indented under it; the shell's mark is each step's one mark.
    for (const group of verification.groups) {
      context.print(group.heading);
      for (const step of group.steps) {
        const mark =
          step.state === 'passed' ? style.green('✓') : step.state === 'failed' ? style.red('✗') : style.dim('·');
        context.print(joinText(`    ${mark} `, step.detail));
      }
    }
    verifiedCode = verification.code;
    namedAs = verification.namedAs;
    nodeCode = verification.nodeCode;
  }
  narration.finished(client);
  if (verifiedCode !== undefined) {
    const note =
      nodeCode !== undefined ? TEXT.nodeSays(nodeCode) : namedAs === undefined ? undefined : TEXT.namedAs(namedAs);
    context.narrate(call, `-1 ${verifiedCode}`, note);
    printAdvice(context, adviceFor(verifiedCode) === undefined && namedAs !== undefined ? namedAs : verifiedCode);
    printModelNote(context, 'tlsVerifiesLate');
    socket.destroy();
    context.narrate(`close(fd ${socket.fd})`, '0', TEXT.dropped);
    return false;
  }
  const sent = client === undefined || !narration.sentClientCertificate ? '' : TEXT.withCertificate(client.commonName);
  context.narrate(call, '1', joinText(TEXT.done(ms, version, cipher), sent));
  const trust = { class: TEXT.trustClass, system: TEXT.trustSystem, none: TEXT.trustNone }[request.trust];
  socket.describeSecurity(TEXT.summary(version, cipher, trust));
  return true;
}

/** What a failure code means and how to fix it, on lines of their own, when the catalog knows it. */
export function printAdvice(context: Pick<CommandContext, 'print'>, code: string): void {
  const advice = adviceFor(code);
  if (advice === undefined) return;
  context.print(TEXT.meaning(advice.meaning));
  context.print(style.dim(TEXT.fix(advice.fix)));
}

/** The narration of one handshake: the records the tap reports, turned into lines as they pass. */
class HandshakeNarration {
  readonly #context: CommandContext;
  readonly #request: TlsRequest;
  /** The version the ServerHello chose, once it came. */
  version: string | undefined;
  #cipherSuite: number | undefined;
  #clientHello: Buffer | undefined;
  #certificatesTold = false;
  #finishedIn = false;
  #finishedOut = false;
  /** Whether a (non-empty) client Certificate went out: seen in TLS 1.2, told by the records in TLS 1.3. */
  sentClientCertificate = false;
  /** Encrypted records the client sent during the handshake: TLS 1.3's second flight. */
  #encryptedOut = 0;
  /** Encrypted records the server sent before the handshake was done: TLS 1.3's flight after the ServerHello. */
  #encryptedIn = 0;
  #done = false;

  constructor(context: CommandContext, request: TlsRequest) {
    this.#context = context;
    this.#request = request;
  }

  #line(arrow: '→' | '←', name: string, detail?: ShellText, note?: ShellText): void {
    const head = style.cyan(`${arrow} ${name}`);
    const tail = note === undefined ? '' : joinText('  ', style.dim(note));
    this.#context.print(joinText(head, detail === undefined ? '' : joinText('  ', detail), tail));
  }

  record(event: TapEvent): void {
    if (this.#done) return;
    switch (event.kind) {
      case 'handshake':
        if (event.direction === 'out') this.#sent(event.type, event.body);
        else this.#received(event.type, event.body);
        return;
      case 'change-cipher-spec':
        // TLS 1.3 sends one only for middleboxes (RFC 8446 §D.4); it changes nothing.
        if (this.version === 'TLS 1.2') this.#line(event.direction === 'out' ? '→' : '←', 'ChangeCipherSpec');
        return;
      case 'encrypted-handshake':
        this.#finished(event.direction);
        return;
      case 'alert': {
        const name = alertDescription(event.description).name;
        const level = ALERT_LEVELS[event.level] ?? String(event.level);
        this.#line(event.direction === 'out' ? '→' : '←', 'Alert', TEXT.alert(level, name));
        return;
      }
      case 'not-tls':
        if (event.direction === 'in') this.#line('←', '?', TEXT.notTls(quoteText(event.first, 16)));
        return;
      case 'encrypted':
        if (event.direction === 'out') this.#encryptedOut++;
        else this.#encryptedIn++;
        return;
    }
  }

  #sent(type: number, body: Buffer): void {
    if (type === 1) {
      this.#clientHello = body;
      this.#helloSent(body);
    } else {
      this.#line('→', HANDSHAKE_TYPES[type] ?? String(type), this.#sentDetail(type, body));
    }
  }

  /** What the line of a message the client sent says beside its name. */
  #sentDetail(type: number, body: Buffer): ShellText | undefined {
    if (type === 11) {
      const certificates = parseCertificates(body) ?? [];
      this.sentClientCertificate = certificates.length > 0;
      const first = certificates[0];
      return first === undefined ? TEXT.noCertificate : TEXT.yours(subjectLine(first));
    }
    if (type === 16) {
      const rsa = codePoint('suite', this.#cipherSuite ?? 0).name.startsWith('TLS_RSA_');
      return rsa ? TEXT.rsaKeyExchange : TEXT.ecdheKeyExchange;
    }
    return undefined;
  }

  #helloSent(body: Buffer): void {
    const hello = parseClientHello(body);
    if (hello === undefined) {
      this.#line('→', 'ClientHello');
      return;
    }
    const versions = hello.supportedVersions.map(tlsVersion).filter((version) => version !== undefined);
    const highest = versions[0] ?? tlsVersion(hello.legacyVersion) ?? '?';
    const offered =
      versions.length === 0 ? '' : TEXT.supportedVersions(versions.map((v) => v.replace('TLS ', '')).join(', '));
    // Signalling values (RFC 5746's renegotiation SCSV) are not suites.
    const suites = hello.cipherSuites.filter((suite) => suite !== 0x00ff && suite !== 0x5600).length;
    const sni = hello.serverName === undefined ? TEXT.noSni : TEXT.sni(visible(hello.serverName));
    const shares = hello.keyShareGroups.map((group) => codePoint('group', group).name).join(', ');
    const detail = TEXT.clientHello(joinText(highest, offered), suites, sni);
    this.#line('→', 'ClientHello', joinText(detail, shares === '' ? '' : ` · key_share ${shares}`));
    if (hello.serverName === undefined) this.#context.print(style.dim(TEXT.noSniNote(visible(this.#request.host))));
  }

  #received(type: number, body: Buffer): void {
    if (type === 2) {
      this.#helloReceived(body);
      return;
    }
    const certificates = type === 11 ? parseCertificates(body) : undefined;
    if (certificates !== undefined) this.certificates(certificates, false);
    else this.#line('←', HANDSHAKE_TYPES[type] ?? String(type), this.#receivedDetail(type, body));
  }

  /** What the line of a message the server sent says beside its name. */
  #receivedDetail(type: number, body: Buffer): ShellText | undefined {
    if (type === 1 && this.#clientHello?.equals(body)) return TEXT.echoed;
    if (type === 12) {
      const exchange = parseServerKeyExchange(body);
      if (exchange === undefined) return undefined;
      const group = codePoint('group', exchange.namedGroup).name;
      const scheme = exchange.signatureScheme === undefined ? '?' : codePoint('scheme', exchange.signatureScheme).name;
      return TEXT.keyExchange(group, scheme);
    }
    if (type === 13) return TEXT.certificateRequest;
    if (type === 22) return TEXT.status(body.length);
    if (type === 4) return TEXT.ticket;
    return undefined;
  }

  #helloReceived(body: Buffer): void {
    const hello = parseServerHello(body);
    if (hello === undefined) {
      this.#line('←', 'ServerHello');
      return;
    }
    const version = tlsVersion(hello.selectedVersion ?? hello.legacyVersion) ?? '?';
    this.version = version;
    this.#cipherSuite = hello.cipherSuite;
    const parts = [version, codePoint('suite', hello.cipherSuite).name];
    if (hello.keyShareGroup !== undefined) parts.push(`key_share ${codePoint('group', hello.keyShareGroup).name}`);
    if (hello.helloRetry) this.#line('←', 'HelloRetryRequest', parts.join(' · '), TEXT.helloRetry);
    else this.#line('←', 'ServerHello', parts.join(' · '));
  }

  /**
   * TLS 1.3's server flight after the ServerHello, told once the handshake is done: RFC 8446 §2 fixes it as
   * EncryptedExtensions, CertificateRequest when the server asks for a client certificate, Certificate,
   * CertificateVerify and Finished (no resumption here, so the certificate messages are always there). OpenSSL
   * sends each in a record of its own, so 4 or 5 encrypted records tell whether the CertificateRequest came;
   * another count (another stack, records merged) leaves the messages other than the Certificate unnamed.
   */
  serverFlight(ders: readonly Uint8Array[]): void {
    const counted = this.#encryptedIn === 4 || this.#encryptedIn === 5;
    if (counted) this.#line('←', 'EncryptedExtensions');
    if (this.#encryptedIn === 5) this.#line('←', 'CertificateRequest', TEXT.certificateRequest);
    this.certificates(ders, true);
    if (counted) this.#line('←', 'CertificateVerify', TEXT.certificateVerify);
  }

  /** `← Certificate  2 certificates: CN=localhost ← CN=…`; in TLS 1.3, said once the library has them. */
  certificates(ders: readonly Uint8Array[], encrypted: boolean): void {
    if (this.#certificatesTold) return;
    this.#certificatesTold = true;
    const subjects = ders.map((der) => subjectLine(der)).join(' ← ');
    this.#line('←', 'Certificate', TEXT.certificates(ders.length, subjects), encrypted ? TEXT.encrypted : undefined);
  }

  #finished(direction: 'in' | 'out'): void {
    if (direction === 'in') this.#finishedIn = true;
    else this.#finishedOut = true;
    this.#line(direction === 'out' ? '→' : '←', 'Finished', undefined, TEXT.encryptedFinished);
  }

  /**
   * TLS 1.3's Finished messages are encrypted: the tap cannot see them, the library's success says they went.
   * OpenSSL sends each message of the client's second flight in a record of its own, so their number tells
   * whether a Certificate (and CertificateVerify) went before the Finished: the server asked for one.
   */
  finished(client: ShellTls['client']): void {
    if (this.version !== 'TLS 1.2') {
      if (!this.#finishedIn) this.#line('←', 'Finished');
      if (this.#encryptedOut >= 3 && client !== undefined) {
        this.sentClientCertificate = true;
        this.#line('→', 'Certificate', TEXT.yours(visible(client.commonName)));
        this.#line('→', 'CertificateVerify');
      } else if (this.#encryptedOut === 2) {
        this.#line('→', 'Certificate', TEXT.noCertificate);
      }
      if (!this.#finishedOut) this.#line('→', 'Finished');
    }
    this.#done = true;
  }

  /** The handshake ended without success: the code the library gave, what it means, and the fd released. */
  failed(call: string, code: string): void {
    this.#done = true;
    const context = this.#context;
    if (code === 'timeout') {
      context.fail(TEXT.timedOut(String(context.connectTimeoutMs / 1000)));
    } else if (code === 'EINTR') {
      context.narrate(call, '-1 EINTR', TEXT.interrupted);
    } else {
      context.narrate(call, `-1 ${code}`);
      printAdvice(context, code);
    }
  }
}
