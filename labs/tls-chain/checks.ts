/**
 * The checks of lab `tls-chain`: the student's client completed a verified echo with the good server, and
 * refused each failure endpoint — grouped by the step that refuses it: dates (expired, not yet valid), name
 * (wrong host), trust (self-signed, untrusted root, incomplete chain), revocation, strength. Refusing is seen
 * from the TLS server's own side, so it works without capture: either the client sent an alert during the
 * handshake (Python's ssl, OpenSSL, a board's mbedTLS: the server records `alert:…`), or the client closed
 * without an alert and without a byte of data once it had the certificate (Node's `tls` verifies only when its
 * side of the handshake is done, then destroys the socket: the server sees a close during the handshake or just
 * after it). A client that sent data to a failure endpoint accepted a certificate it should have refused: the
 * check turns red while it has not passed (the grader keeps a passed check passed). The details say how each was
 * refused, never which step failed or what the server sent: those are the questions.
 */

import { type Localized, localized, sentences, verbatim } from '../../src/common/localized';
import type { CheckContext, CheckDefinition, CheckVerdict, ConnectionRecord } from '../../src/lab-kit';
import { failed, passed, pending } from '../../src/lab-kit';
import { addressOf } from '../common/capture-notes';
import { echoedHello, handshakeOf, latest, recordsOf } from '../x509-certificates/tls-connections';
import { type FailureEndpoint, GOOD } from './endpoints';

const TEXT = localized({
  en: {
    goodServer: 'the good server',
    goodTitle: 'Verify the good server’s chain and get Hello,world! back',
    goodWaiting: (address: string) =>
      `Waiting for a TLS connection to ${address} (the good server) that completes and echoes Hello,world!.`,
    goodNoHandshake: (peer: string) =>
      `The handshake from ${peer} with the good server did not complete: does your client trust the class CA (socketlab-ca.pem), and does it ask for localhost?`,
    goodNoData: (peer: string) => `The handshake from ${peer} completed; now send Hello,world! and read the echo.`,
    goodDone: (peer: string) =>
      `Your client at ${peer} verified the good server's chain and Hello,world! came back: the same client must now refuse each failure endpoint.`,
    datesTitle: 'Refuse the certificates outside their dates: expired, not-yet-valid',
    nameTitle: 'Refuse the certificate made for another name: wrong-host',
    trustTitle: 'Refuse the chains that reach no trusted root: self-signed, untrusted-root, incomplete-chain',
    revokedTitle: 'Refuse the revoked certificate: revoked',
    weakTitle: 'Refuse the weak key and hash: weak',
    toDo: (endpoints: string) =>
      `Still to refuse: ${endpoints}. Connect to each with the client that verified the good server, and let it refuse.`,
    alerted: (endpoint: string, peer: string, alert: string) =>
      `${endpoint}: your client at ${peer} refused during the handshake, with the alert ${alert}.`,
    hungUp: (endpoint: string, peer: string) =>
      `${endpoint}: your client at ${peer} closed the connection once it had the certificate, without an alert and without sending data, as Node does when verification fails.`,
    refusedAll: 'Every one of them refused.',
    notVerified: (endpoint: string, peer: string) =>
      `Your client at ${peer} sent data to ${endpoint} after accepting its certificate: it did not verify. Do not turn verification off (CERT_NONE, rejectUnauthorized: false, SSL_VERIFY_NONE, --ca none); connect again with the class CA and let the client refuse.`,
    revocationHint:
      'Most clients do not check revocation by themselves: ask for the stapled OCSP response (openssl s_client -status, Node requestOCSP: true) or check the CRL, and refuse a revoked certificate.',
    strengthHint:
      'A client refuses a weak key only at a security level that demands more (OpenSSL level 2: RSA keys of at least 2048 bits, no weak hashes), as Python and openssl on this machine do; in Node, check the key size yourself.',
  },
  'zh-Hans': {
    goodServer: '正常的服务器',
    goodTitle: '验证正常服务器的证书链，并收回 Hello,world!',
    goodWaiting: (address) => `等待发往 ${address}（正常的服务器）的 TLS 连接：握手完成，并回显 Hello,world!。`,
    goodNoHandshake: (peer) =>
      `来自 ${peer} 的连接与正常服务器的握手没有完成：你的客户端信任班级 CA（socketlab-ca.pem）了吗？它请求的名称是 localhost 吗？`,
    goodNoData: (peer) => `来自 ${peer} 的握手已经完成；现在发送 Hello,world!，再读回显。`,
    goodDone: (peer) =>
      `你在 ${peer} 的客户端验证通过了正常服务器的证书链，Hello,world! 也回来了：现在，这个客户端还要拒绝所有故障端点。`,
    datesTitle: '拒绝不在有效期内的证书：expired、not-yet-valid',
    nameTitle: '拒绝为别的名称签发的证书：wrong-host',
    trustTitle: '拒绝连不到受信任根证书的证书链：self-signed、untrusted-root、incomplete-chain',
    revokedTitle: '拒绝已吊销的证书：revoked',
    weakTitle: '拒绝太弱的密钥和哈希：weak',
    toDo: (endpoints) => `还需要拒绝：${endpoints}。用验证通过正常服务器的那个客户端逐个连接它们，让它自己拒绝。`,
    alerted: (endpoint, peer, alert) =>
      `${endpoint}：你在 ${peer} 的客户端在握手过程中拒绝了它，发出的告警是 ${alert}。`,
    hungUp: (endpoint, peer) =>
      `${endpoint}：你在 ${peer} 的客户端拿到证书后，没有发告警、也没有发送任何数据就关闭了连接——Node 验证失败时就是这样。`,
    refusedAll: '全部被拒绝了。',
    notVerified: (endpoint, peer) =>
      `你在 ${peer} 的客户端接受了 ${endpoint} 的证书，还向它发送了数据：它没有做验证。不要关闭验证（CERT_NONE、rejectUnauthorized: false、SSL_VERIFY_NONE、--ca none）；用班级 CA 重新连接，让客户端自己拒绝。`,
    revocationHint:
      '大多数客户端不会自己检查吊销状态：请求服务器装订的 OCSP 响应（openssl s_client -status，Node 的 requestOCSP: true），或者检查 CRL，遇到已吊销的证书就拒绝。',
    strengthHint:
      '只有在安全级别要求更高时，客户端才会拒绝弱密钥（OpenSSL 安全级别 2：RSA 密钥至少 2048 位，不接受弱哈希），这台机器上的 Python 和 openssl 就是这样；在 Node 里，要自己检查密钥长度。',
  },
});

/** The TLS server's `tls.failure` for a client that hung up before the handshake was over, without an alert. */
const CLOSED_DURING_HANDSHAKE = 'closed-during-handshake';

type Outcome =
  | { readonly kind: 'refused'; readonly record: ConnectionRecord; readonly alert?: string }
  | { readonly kind: 'accepted'; readonly record: ConnectionRecord };

/**
 * What one connection to a failure endpoint shows, or undefined while it says nothing yet (still open, not TLS).
 * A close during the handshake counts as a refusal once the client had the certificate: the capture shows the
 * Certificate, or without capture the server's record is all there is.
 */
function outcomeOf(context: CheckContext, record: ConnectionRecord): Outcome | undefined {
  if (record.receivedBytes > 0) return { kind: 'accepted', record };
  const failure = record.tls?.failure;
  if (failure?.startsWith('alert:')) return { kind: 'refused', record, alert: failure.slice('alert:'.length) };
  if (record.secure === true && record.closed) return { kind: 'refused', record };
  if (failure === CLOSED_DURING_HANDSHAKE && record.closed) {
    const handshake = handshakeOf(context, record);
    const sawCertificate =
      !context.captureRunning ||
      handshake === undefined ||
      handshake.messages.some((message) => message.type === 'certificate' && message.direction === 'from-server');
    if (sawCertificate) return { kind: 'refused', record };
  }
  return undefined;
}

/** The latest connection to `endpoint` that says something: the student's latest attempt decides. */
function latestOutcome(context: CheckContext, endpoint: FailureEndpoint): Outcome | undefined {
  let best: Outcome | undefined;
  for (const record of recordsOf(context, endpoint)) {
    const outcome = outcomeOf(context, record);
    if (outcome !== undefined && (best === undefined || record.updated > best.record.updated)) best = outcome;
  }
  return best;
}

function refusalCheck(
  id: string,
  title: Localized,
  endpoints: readonly FailureEndpoint[],
  hint?: Localized,
): CheckDefinition {
  return {
    id,
    title,
    evaluate(context): CheckVerdict {
      const outcomes = endpoints.map((endpoint) => ({ endpoint, outcome: latestOutcome(context, endpoint) }));
      for (const { endpoint, outcome } of outcomes) {
        if (outcome?.kind === 'accepted') {
          const { record } = outcome;
          return failed(sentences(TEXT.notVerified(endpoint, record.peer), hint));
        }
      }
      const open = outcomes.filter(({ outcome }) => outcome === undefined).map(({ endpoint }) => endpoint);
      if (open.length > 0) return pending(sentences(TEXT.toDo(verbatim(open.join(', '))), hint));
      const said = outcomes.flatMap(({ endpoint, outcome }) => {
        if (outcome?.kind !== 'refused') return [];
        const { record, alert } = outcome;
        return [alert === undefined ? TEXT.hungUp(endpoint, record.peer) : TEXT.alerted(endpoint, record.peer, alert)];
      });
      return passed(sentences(...said, endpoints.length > 1 ? TEXT.refusedAll : undefined));
    },
  };
}

const verifiedGood: CheckDefinition = {
  id: 'verified-good',
  title: TEXT.goodTitle,
  evaluate(context) {
    const records = recordsOf(context, GOOD);
    const done = latest(records.filter(echoedHello));
    if (done !== undefined) return passed(TEXT.goodDone(done.peer));
    const last = latest(records);
    if (last === undefined) return pending(TEXT.goodWaiting(addressOf(context, GOOD, TEXT.goodServer)));
    return pending(last.secure === true ? TEXT.goodNoData(last.peer) : TEXT.goodNoHandshake(last.peer));
  },
};

export const checks: readonly CheckDefinition[] = [
  verifiedGood,
  refusalCheck('refused-dates', TEXT.datesTitle, ['expired', 'not-yet-valid']),
  refusalCheck('refused-name', TEXT.nameTitle, ['wrong-host']),
  refusalCheck('refused-trust', TEXT.trustTitle, ['self-signed', 'untrusted-root', 'incomplete-chain']),
  refusalCheck('refused-revoked', TEXT.revokedTitle, ['revoked'], TEXT.revocationHint),
  refusalCheck('refused-weak', TEXT.weakTitle, ['weak'], TEXT.strengthHint),
];
