/**
 * The capture questions of lab `tls-chain`, judged on the chains the student's own connections received (the
 * handshakes' `serverChain`, read from the capture with the session's keys): which verification step failed for
 * `incomplete-chain`, how many certificates that server sent, and what the OCSP response `revoked` stapled to
 * its Certificate said. A step may be named as OpenSSL, Node or the Certificates tab name it (`unable to get
 * local issuer certificate`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`, `chain`, `证书链`). A wrong answer says where to
 * look, never the answer.
 */

import { localized } from '../../src/common/localized';
import type { CheckContext, CheckVerdict, QuestionDefinition } from '../../src/lab-kit';
import { failed, passed, pending } from '../../src/lab-kit';
import type { CertificateChainReport, VerificationStepKind } from '../../src/protocol';
import { gradedPart, readNumber } from '../common/answer-parsing';
import { captureOff } from '../common/capture-notes';
import { hedgeIn, latestChain } from '../x509-certificates/tls-connections';

const TEXT = localized({
  en: {
    noIncomplete:
      'No certificates from incomplete-chain have been read from your capture yet: connect to it (it is refused, and that is fine), then answer.',
    noRevoked:
      'No certificates from revoked have been read from your capture yet: connect to it asking for the OCSP status (openssl s_client -status, or the terminal), then answer.',
    stepPrompt: 'Which verification step failed for incomplete-chain?',
    stepFormat: 'a step: signature, dates, name, issuer, purpose, chain, revocation or strength',
    stepUnread:
      'Name a verification step: the signature, the dates, the name, the issuer, the purpose, the chain to a trusted root, revocation, or strength.',
    stepRight:
      'Right: the server sent its own certificate without the intermediate that signed it, so your client could not build a chain from the leaf to a root it trusts.',
    stepPassed:
      'That step passed for incomplete-chain: the Certificates tab shows it ✓. Find the step marked ✗, and ask which certificate was missing.',
    stepOther: 'Open incomplete-chain’s connection in the Certificates tab and read which step is marked ✗.',
    countPrompt: 'How many certificates did incomplete-chain send?',
    countFormat: 'a number',
    countUnread: 'Answer with a number.',
    countRight:
      'Right: the leaf alone. The intermediate that signed it was left out, so a client that does not already hold it cannot reach the root.',
    countComplete:
      'That is how many the good server sends. Count what incomplete-chain sent: openssl s_client -connect … -showcerts prints each one.',
    countOther:
      'Count the certificates in incomplete-chain’s Certificate message: the Certificates tab marks which came from the server.',
    ocspPrompt: 'What status did the OCSP response stapled by revoked give its certificate?',
    ocspFormat: 'good, revoked or unknown',
    ocspUnread: 'Answer with an OCSP certificate status: good, revoked or unknown (RFC 6960 §2.2).',
    ocspRevoked:
      'Right: revoked. The intermediate signed that answer, so the server cannot forge a better one; a client that reads it refuses the certificate, although its dates are still valid.',
    ocspGood: 'Right: good. The responder does not list this certificate as revoked.',
    ocspOther:
      'Read the stapled response: openssl s_client -status prints "Cert Status:" under "OCSP Response Data"; the Certificates tab shows it at the revocation step.',
  },
  'zh-Hans': {
    noIncomplete: '你的抓包里还没有读到 incomplete-chain 发来的证书：先连接它（它会被拒绝，这没关系），再来回答。',
    noRevoked:
      '你的抓包里还没有读到 revoked 发来的证书：连接它时请求 OCSP 状态（openssl s_client -status，或者用实验终端），再来回答。',
    stepPrompt: '对 incomplete-chain，哪一个验证步骤失败了？',
    stepFormat: '一个步骤：签名、有效期、名称、签发者、用途、证书链、吊销或强度',
    stepUnread: '请说出一个验证步骤：签名、有效期、名称、签发者、用途、到受信任根证书的证书链、吊销，或者强度。',
    stepRight:
      '正确：服务器只发了自己的证书，没有发签发它的中间证书，所以你的客户端无法从叶子证书构建出一条通到它所信任的根证书的链。',
    stepPassed:
      '对 incomplete-chain 来说这一步是通过的：「证书」标签页里它是 ✓。找到标着 ✗ 的那一步，再想想缺了哪张证书。',
    stepOther: '在「证书」标签页里打开 incomplete-chain 的那条连接，看看哪一步标着 ✗。',
    countPrompt: 'incomplete-chain 发了几张证书？',
    countFormat: '一个数字',
    countUnread: '请用数字作答。',
    countRight: '正确：只有叶子证书。签发它的中间证书被漏掉了，所以一个事先没有中间证书的客户端，走不到根证书。',
    countComplete:
      '这是正常服务器发送的张数。请数 incomplete-chain 发了几张：openssl s_client -connect … -showcerts 会逐张打印。',
    countOther: '数一数 incomplete-chain 的 Certificate 消息里有几张证书：「证书」标签页标出了哪些是服务器发来的。',
    ocspPrompt: 'revoked 装订（staple）的 OCSP 响应，给它的证书的状态是什么？',
    ocspFormat: 'good、revoked 或 unknown',
    ocspUnread: '请用 OCSP 的证书状态作答：good、revoked 或 unknown（RFC 6960 §2.2）。',
    ocspRevoked:
      '正确：revoked（已吊销）。这个响应由中间 CA 签名，服务器无法伪造一个更好的；读了它的客户端会拒绝这张证书，尽管它还在有效期内。',
    ocspGood: '正确：good。OCSP 响应方没有把这张证书列为已吊销。',
    ocspOther:
      '读一读装订的响应：openssl s_client -status 会在 "OCSP Response Data" 下面打印 "Cert Status:"；「证书」标签页在吊销那一步也会显示它。',
  },
});

/** How an answer names each step, most specific first: `local issuer` is the chain, not the issuer step. */
const STEP_WORDS: readonly (readonly [VerificationStepKind, RegExp])[] = [
  [
    'chain',
    /chain|local issuer|issuer (?:certificate )?(?:not found|missing)|first certificate|leaf signature|intermediate|trust|root|链|中间证书|根证书|信任|找不到签发者|缺少签发者|本地签发者/i,
  ],
  ['revocation', /revo|\bcrl\b|ocsp|吊销/i],
  ['strength', /weak|strength|key size|too small|security level|强度|太弱/i],
  ['validity', /date|validity|expir|not ?before|not ?after|有效期|日期|过期/i],
  ['name', /\bname\b|host|\bsan\b|subject ?alt|主机名|名称|域名/i],
  ['purpose', /purpose|usage|\beku\b|用途/i],
  ['signature', /signature|签名/i],
  ['issuer', /issuer|\bca\b|basic ?constraints|签发者|颁发者/i],
];

function stepNamed(answer: string): VerificationStepKind | undefined {
  return STEP_WORDS.find(([, words]) => words.test(answer))?.[0];
}

function chainOf(context: CheckContext, server: string, none: CheckVerdict): CertificateChainReport | CheckVerdict {
  const off = captureOff(context);
  if (off !== undefined) return off;
  return latestChain(context, server)?.chain ?? none;
}

function isVerdict(value: CertificateChainReport | CheckVerdict): value is CheckVerdict {
  return 'state' in value;
}

export const incompleteChainStep: QuestionDefinition = {
  id: 'incomplete-chain-step',
  prompt: TEXT.stepPrompt,
  format: TEXT.stepFormat,
  evaluate(context, answer) {
    const chain = chainOf(context, 'incomplete-chain', pending(TEXT.noIncomplete));
    if (isVerdict(chain)) return chain;
    // OpenSSL's reasons say "unable to", in Chinese 找不到 (cannot find): a description, not a negation.
    const text = answer.replace(/找不到|拿不到|验不过|无法/g, '缺少');
    const hedge = hedgeIn(text);
    if (hedge !== undefined) return failed(hedge);
    const step = stepNamed(gradedPart(text).replace(/[_-]+/g, ' '));
    if (step === undefined) return failed(TEXT.stepUnread);
    const states = chain.steps.filter((candidate) => candidate.kind === step).map((candidate) => candidate.state);
    if (states.includes('failed')) return passed(TEXT.stepRight);
    if (states.includes('passed')) return failed(TEXT.stepPassed);
    return failed(TEXT.stepOther);
  },
};

export const incompleteChainCount: QuestionDefinition = {
  id: 'incomplete-chain-count',
  prompt: TEXT.countPrompt,
  format: TEXT.countFormat,
  evaluate(context, answer) {
    const chain = chainOf(context, 'incomplete-chain', pending(TEXT.noIncomplete));
    if (isVerdict(chain)) return chain;
    const reading = readNumber(answer);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.countUnread);
    if (reading.value === chain.sent) return passed(TEXT.countRight);
    if (reading.value === chain.sent + 1) return failed(TEXT.countComplete);
    return failed(TEXT.countOther);
  },
};

type OcspStatus = 'good' | 'revoked' | 'unknown';

function statusNamed(answer: string): OcspStatus | undefined {
  if (/revoked|吊销|作废|撤销/i.test(answer)) return 'revoked';
  if (/\bunknown\b|未知/i.test(answer)) return 'unknown';
  if (/\bgood\b|\bvalid\b|正常|良好|有效/i.test(answer)) return 'good';
  return undefined;
}

export const revokedOcspStatus: QuestionDefinition = {
  id: 'revoked-ocsp-status',
  prompt: TEXT.ocspPrompt,
  format: TEXT.ocspFormat,
  evaluate(context, answer) {
    const chain = chainOf(context, 'revoked', pending(TEXT.noRevoked));
    if (isVerdict(chain)) return chain;
    const hedge = hedgeIn(answer);
    if (hedge !== undefined) return failed(hedge);
    const given = statusNamed(gradedPart(answer));
    if (given === undefined) return failed(TEXT.ocspUnread);
    // The revocation step of the leaf is where the report judged the stapled response.
    const step = chain.steps.find((candidate) => candidate.kind === 'revocation' && candidate.certificate === 0);
    const status: OcspStatus = step?.state === 'passed' ? 'good' : 'revoked';
    if (given !== status) return failed(TEXT.ocspOther);
    return passed(status === 'revoked' ? TEXT.ocspRevoked : TEXT.ocspGood);
  },
};

export const questions: readonly QuestionDefinition[] = [incompleteChainStep, incompleteChainCount, revokedOcspStatus];
