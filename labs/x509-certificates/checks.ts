/**
 * The checks of lab `x509-certificates`: a TLS connection to the echo server that completed its handshake and
 * carried `Hello,world!` there and back, and a client that named the server it wanted (SNI, RFC 6066 §3), which
 * is also the name it must check the certificate against. Both read the TLS server's own records first, so they
 * pass without capture too; the capture adds what only it shows, the chain as the connection received it.
 * Neither detail names a field of the certificate: those are the questions' answers.
 */

import { localized, sentences } from '../../src/common/localized';
import type { CheckDefinition } from '../../src/lab-kit';
import { passed, pending } from '../../src/lab-kit';
import { addressOf } from '../common/capture-notes';
import { echoedHello, handshakeOf, latest, recordsOf, serverNameOf } from './tls-connections';

export const ECHO = 'echo';

const TEXT = localized({
  en: {
    echoServer: 'the TLS echo server',
    echoTitle: 'Connect over TLS, verify the chain, and get Hello,world! back',
    waiting: (address: string) =>
      `Waiting for a TLS connection to ${address} that completes its handshake and sends Hello,world!.`,
    noHandshake: (peer: string) =>
      `A TCP connection came from ${peer}, but its TLS handshake did not complete: did your client speak TLS, and did it trust the class CA (socketlab-ca.pem from the lab panel)?`,
    notYet: (peer: string) => `The handshake with ${peer} completed; now send Hello,world! over it and read the echo.`,
    echoed: (peer: string) =>
      `Your client at ${peer} completed the TLS handshake and Hello,world! came back, encrypted both ways.`,
    chainTrusted: 'The chain it received leads from the leaf through the intermediate to the class root.',
    chainUntrusted: 'The chain it received did not verify against the class root here; look at the Certificates tab.',
    sniTitle: 'Send the server name (SNI) in the ClientHello',
    sniWaiting: 'Connect over TLS first; this check reads the server name your ClientHello carried.',
    noSni: (peer: string) =>
      `The ClientHello from ${peer} carried no server name. A client sends none when it connects to an IP address (RFC 6066 §3 allows only host names): connect to localhost, or give the name yourself (Python server_hostname=, Node servername, openssl -servername, C SSL_set_tlsext_host_name).`,
    sni: (peer: string, name: string) =>
      `The ClientHello from ${peer} asked for ${name}: the server can pick its certificate by it, and your client checks the certificate's SAN against it.`,
  },
  'zh-Hans': {
    echoServer: 'TLS 回显服务器',
    echoTitle: '用 TLS 连接、验证证书链，并收回 Hello,world!',
    waiting: (address) => `等待一条到 ${address} 的 TLS 连接：完成握手，并发送 Hello,world!。`,
    noHandshake: (peer) =>
      `来自 ${peer} 的 TCP 连接到了，但 TLS 握手没有完成：你的客户端说的是 TLS 吗？它信任了班级 CA（实验面板上下载的 socketlab-ca.pem）吗？`,
    notYet: (peer) => `与 ${peer} 的握手已经完成；现在通过它发送 Hello,world!，再读回显。`,
    echoed: (peer) => `你在 ${peer} 的客户端完成了 TLS 握手，Hello,world! 也回来了，来回都是加密的。`,
    chainTrusted: '它收到的证书链从叶子证书经中间证书，一直连到班级根证书。',
    chainUntrusted: '它收到的证书链在这里没能用班级根证书验证通过；请看「证书」标签页。',
    sniTitle: '在 ClientHello 里发送服务器名称（SNI）',
    sniWaiting: '先用 TLS 连接；这一项读取你的 ClientHello 里带的服务器名称。',
    noSni: (peer) =>
      `来自 ${peer} 的 ClientHello 没有带服务器名称。客户端连接 IP 地址时不会发送 SNI（RFC 6066 §3 只允许主机名）：请连接 localhost，或者自己指定名称（Python 的 server_hostname=、Node 的 servername、openssl 的 -servername、C 的 SSL_set_tlsext_host_name）。`,
    sni: (peer, name) =>
      `来自 ${peer} 的 ClientHello 请求的是 ${name}：服务器可以据此选择证书，你的客户端也用它去核对证书的主题备用名称（SAN）。`,
  },
});

const verifiedEcho: CheckDefinition = {
  id: 'verified-echo',
  title: TEXT.echoTitle,
  evaluate(context) {
    const records = recordsOf(context, ECHO);
    const done = latest(records.filter(echoedHello));
    if (done !== undefined) {
      const chain = handshakeOf(context, done)?.serverChain;
      const trust = chain === undefined ? undefined : chain.trusted ? TEXT.chainTrusted : TEXT.chainUntrusted;
      return passed(sentences(TEXT.echoed(done.peer), trust));
    }
    const last = latest(records);
    if (last === undefined) return pending(TEXT.waiting(addressOf(context, ECHO, TEXT.echoServer)));
    return pending(last.secure === true ? TEXT.notYet(last.peer) : TEXT.noHandshake(last.peer));
  },
};

const sentSni: CheckDefinition = {
  id: 'sent-sni',
  title: TEXT.sniTitle,
  evaluate(context) {
    const handshaken = recordsOf(context, ECHO).filter(
      (record) => record.secure === true || handshakeOf(context, record) !== undefined,
    );
    const named = latest(handshaken.filter((record) => serverNameOf(context, record) !== undefined));
    if (named !== undefined) return passed(TEXT.sni(named.peer, serverNameOf(context, named) ?? ''));
    const last = latest(handshaken);
    return pending(last === undefined ? TEXT.sniWaiting : TEXT.noSni(last.peer));
  },
};

export const checks: readonly CheckDefinition[] = [verifiedEcho, sentSni];
