/**
 * What a chain report says of each verification step, in every language of the course: the evidence a step
 * shows beside its state (the viewer and the lab shell draw the ✓/✗ themselves).
 */

import { localized } from '../../src/common/localized';

export const CHAIN_TEXT = localized({
  en: {
    server: 'server',
    client: 'client',
    signedBy: (issuer: string, algorithm: string) => `Signed by ${issuer} (${algorithm})`,
    selfSigned: (algorithm: string) => `Self-signed: its signature verifies with its own public key (${algorithm})`,
    signatureBad: (issuer: string, algorithm: string) =>
      `Signed by ${issuer}: the signature (${algorithm}) does not verify with that certificate's public key`,
    issuerUnavailable: (issuer: string) =>
      `Issuer ${issuer} was neither sent nor trusted: the signature cannot be checked`,
    anchorUnchecked: (algorithm: string) =>
      `Trusted root: trusted as it is, its self-signature (${algorithm}) is not what makes it trusted`,
    valid: (from: string, to: string, left: string) => `Valid from ${from} to ${to} (${left} left)`,
    expired: (to: string, ago: string) => `Expired on ${to}, ${ago} ago`,
    notYetValid: (from: string, until: string) => `Not valid before ${from}, ${until} from now`,
    mayIssue: (limit: string) => `May issue certificates: CA:TRUE with keyCertSign${limit}`,
    pathLimit: (limit: number) => ` (path length ${limit})`,
    v1Root: 'A version 1 self-signed root: taken as a CA, as OpenSSL does',
    notCa: 'Signed another certificate but is not a CA: basicConstraints CA:TRUE is missing',
    noCertSign: 'Signed another certificate but its keyUsage lacks keyCertSign',
    pathTooLong: (limit: number, below: number) =>
      `Path length ${limit} allows ${limit} intermediate CA(s) below it, the chain has ${below}`,
    strong: (key: string, algorithm: string) =>
      `${key}, signed with ${algorithm}: strong enough (OpenSSL security level 2)`,
    weakKey: (key: string) => `${key}: too small; OpenSSL security level 2 wants RSA of 2048 bits or more`,
    weakHash: (algorithm: string) => `Signed with ${algorithm}: SHA-1 and MD5 are refused at OpenSSL security level 2`,
    /** Two things a step found wrong, as one text: a short key and a SHA-1 signature. */
    alsoFound: (first: string, second: string) => `${first}; ${second}`,
    nameOk: (host: string, names: string) => `Names ${host} (${names})`,
    nameBad: (host: string, names: string) => `Does not name ${host}: it names ${names}`,
    noNames: 'no subjectAltName',
    purposeOk: (usage: string) =>
      `May be used as a TLS ${usage} (extendedKeyUsage ${usage === 'server' ? 'serverAuth' : 'clientAuth'})`,
    purposeAny: 'No extendedKeyUsage: any use is allowed',
    purposeBad: (needed: string, has: string) => `Not made for this use: needs ${needed}, has ${has}`,
    revocationGood: 'Not revoked: its issuer says good',
    revocationRevoked: (serial: string) => `Revoked: its issuer lists serial ${serial} as revoked`,
    revocationUnknown: 'Not known to the CRL or OCSP responder: revocation not judged',
    revocationNotAsked: 'Revocation not checked: no CRL or OCSP answer at hand',
    revocationNoIssuer: 'Revocation not checked: without the issuer there is no one to ask',
    trusted: (root: string, count: number) => `Reaches the trusted root ${root} (${count} certificates)`,
    selfSignedLeaf: (subject: string) => `Self-signed and not trusted: no CA the client trusts vouches for ${subject}`,
    untrustedRoot: (root: string) => `Ends at the self-signed root ${root}, which is not trusted`,
    incomplete: (peer: string, issuer: string) =>
      `Incomplete chain: the ${peer} did not send the intermediate ${issuer} that issued its certificate, and no trusted root is that CA`,
    issuerMissing: (last: string, issuer: string) =>
      `The chain stops at ${last}: its issuer ${issuer} was not sent, and no trusted root has that name`,
    signatureBroken: 'Reaches a trusted root, but a signature on the way does not verify',
    chainOtherwise: (root: string) => `Reaches the trusted root ${root}, but a step above failed`,
    limited: (count: number, max: number) => `Only the first ${max} of ${count} certificates were looked at.`,
    unreadable: (index: number, reason: string) => `Certificate ${index} could not be read as X.509: ${reason}`,
    nothingSent: 'No certificate was sent',
    unused: (count: number) => `${count} certificate(s) sent are not part of the chain.`,
    days: (count: number) => `${count} day${count === 1 ? '' : 's'}`,
    hours: (count: number) => `${count} hour${count === 1 ? '' : 's'}`,
    minutes: (count: number) => `${count} minute${count === 1 ? '' : 's'}`,
    seconds: (count: number) => `${count} second${count === 1 ? '' : 's'}`,
  },
  'zh-Hans': {
    server: '服务器',
    client: '客户端',
    signedBy: (issuer, algorithm) => `由 ${issuer} 签名（${algorithm}）`,
    selfSigned: (algorithm) => `自签名：签名用它自己的公钥验证通过（${algorithm}）`,
    signatureBad: (issuer, algorithm) => `由 ${issuer} 签名：用该证书的公钥验证不了这个签名（${algorithm}）`,
    issuerUnavailable: (issuer) => `签发者 ${issuer} 既没有发来，也不在信任列表里：无法验证签名`,
    anchorUnchecked: (algorithm) => `受信任的根证书：它本身就被信任，它的自签名（${algorithm}）不是信任的来源`,
    valid: (from, to, left) => `${from} 至 ${to}（还剩 ${left}）`,
    expired: (to, ago) => `已于 ${to} 到期，已过去 ${ago}`,
    notYetValid: (from, until) => `${from} 起才生效，还差 ${until}`,
    mayIssue: (limit) => `可以签发证书：CA:TRUE，且有 keyCertSign${limit}`,
    pathLimit: (limit) => `（路径长度 ${limit}）`,
    v1Root: '版本 1 的自签名根证书：和 OpenSSL 一样视为 CA',
    notCa: '它签发了别的证书，却不是 CA：缺少 basicConstraints CA:TRUE',
    noCertSign: '它签发了别的证书，但 keyUsage 里没有 keyCertSign',
    pathTooLong: (limit, below) => `路径长度 ${limit} 只允许其下有 ${limit} 层中间 CA，这条链有 ${below} 层`,
    strong: (key, algorithm) => `${key}，用 ${algorithm} 签名：强度足够（OpenSSL 安全级别 2）`,
    weakKey: (key) => `${key}：太短，OpenSSL 安全级别 2 要求 RSA 至少 2048 位`,
    weakHash: (algorithm) => `用 ${algorithm} 签名：OpenSSL 安全级别 2 拒绝 SHA-1 和 MD5`,
    alsoFound: (first, second) => `${first}；${second}`,
    nameOk: (host, names) => `包含主机名 ${host}（${names}）`,
    nameBad: (host, names) => `不包含主机名 ${host}：它的名字是 ${names}`,
    noNames: '没有 subjectAltName',
    purposeOk: (usage) =>
      `可以用作 TLS ${usage === 'server' ? '服务器' : '客户端'}证书（extendedKeyUsage ${usage === 'server' ? 'serverAuth' : 'clientAuth'}）`,
    purposeAny: '没有 extendedKeyUsage：任何用途都允许',
    purposeBad: (needed, has) => `用途不对：需要 ${needed}，证书里是 ${has}`,
    revocationGood: '未吊销：签发者答复 good',
    revocationRevoked: (serial) => `已吊销：签发者把序列号 ${serial} 列为已吊销`,
    revocationUnknown: 'CRL 或 OCSP 响应方不认识这张证书：无法判断是否吊销',
    revocationNotAsked: '未检查吊销：手头没有 CRL 或 OCSP 答复',
    revocationNoIssuer: '未检查吊销：没有签发者证书，无从查询',
    trusted: (root, count) => `到达受信任的根证书 ${root}（共 ${count} 张证书）`,
    selfSignedLeaf: (subject) => `自签名且不受信任：没有客户端信任的 CA 为 ${subject} 担保`,
    untrustedRoot: (root) => `链尾是自签名根证书 ${root}，它不受信任`,
    incomplete: (peer, issuer) =>
      `证书链不完整：${peer}没有发送签发其证书的中间证书 ${issuer}，受信任的根证书里也没有这个 CA`,
    issuerMissing: (last, issuer) =>
      `证书链断在 ${last}：它的签发者 ${issuer} 没有发来，受信任的根证书里也没有这个名字`,
    signatureBroken: '能到达受信任的根证书，但链上有一个签名验证不通过',
    chainOtherwise: (root) => `能到达受信任的根证书 ${root}，但上面有一步没有通过`,
    limited: (count, max) => `共 ${count} 张证书，只检查了前 ${max} 张。`,
    unreadable: (index, reason) => `第 ${index} 张证书无法按 X.509 解析：${reason}`,
    nothingSent: '没有收到任何证书',
    unused: (count) => `发来的证书中有 ${count} 张不在这条链上。`,
    days: (count) => `${count} 天`,
    hours: (count) => `${count} 小时`,
    minutes: (count) => `${count} 分钟`,
    seconds: (count) => `${count} 秒`,
  },
});
