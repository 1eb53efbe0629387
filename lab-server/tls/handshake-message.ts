/**
 * One handshake message of tshark's JSON tree as the protocol's `TlsMessage` fields: the type (RFC 8446 §4,
 * RFC 5246 §7.4), and what that type carries — a hello's random, session id, suites and extensions, a
 * Certificate's DER list, a ServerKeyExchange's curve and signature scheme, a CertificateRequest's CAs, a
 * ticket's lifetime. Bounded: at most `MAX_CERTIFICATES` certificates of at most `MAX_CERTIFICATE_BYTES` each.
 */

import type { TlsCodePoint, TlsMessage, TlsMessageType, TlsVersion } from '../../src/protocol/tls';
import { MAX_HANDSHAKE_CERTIFICATE_BYTES } from '../../src/protocol/tls';
import { codePoint, tlsVersion } from './tls-names';
import { collect, hexBytes, isTree, type JsonTree, numberField, text, toNumber } from './tshark-json';

export const MAX_CERTIFICATES = 10;
export const MAX_CERTIFICATE_BYTES = MAX_HANDSHAKE_CERTIFICATE_BYTES;
const MAX_AUTHORITIES = 16;

/** RFC 8446 §4.1.3: a ServerHello with this random is a HelloRetryRequest. */
const HELLO_RETRY_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

const TYPES: Readonly<Record<number, TlsMessageType>> = {
  0: 'hello_request',
  1: 'client_hello',
  2: 'server_hello',
  4: 'new_session_ticket',
  5: 'end_of_early_data',
  6: 'hello_retry_request',
  8: 'encrypted_extensions',
  11: 'certificate',
  12: 'server_key_exchange',
  13: 'certificate_request',
  14: 'server_hello_done',
  15: 'certificate_verify',
  16: 'client_key_exchange',
  20: 'finished',
  24: 'key_update',
};

/** A message's own fields: everything of `TlsMessage` but where and when it travelled. */
export type MessageFields = Omit<TlsMessage, 'direction' | 'packet' | 'time' | 'encrypted' | 'recordVersion'>;

/** What a message needs of the connection so far: the suite the ServerHello chose decides a key exchange. */
export interface MessageContext {
  readonly cipherSuite?: TlsCodePoint;
}

/** The message's fields; undefined for a type the protocol does not name (tshark's tree for it is skipped). */
export function describeHandshake(tree: JsonTree, context: MessageContext): MessageFields | undefined {
  const code = numberField(tree, 'tls.handshake.type');
  let type = code === undefined ? undefined : TYPES[code];
  if (type === undefined) return undefined;
  const random = hexBytes(text(tree, 'tls.handshake.random'));
  if (type === 'server_hello' && random === HELLO_RETRY_RANDOM) type = 'hello_retry_request';
  const fields: { -readonly [K in keyof MessageFields]: MessageFields[K] } = {
    type,
    length: numberField(tree, 'tls.handshake.length') ?? 0,
  };
  switch (type) {
    case 'client_hello':
    case 'server_hello':
    case 'hello_retry_request': {
      const legacy = versionOf(text(tree, 'tls.handshake.version'));
      if (legacy !== undefined) fields.legacyVersion = legacy;
      if (random !== undefined) fields.random = random;
      fields.sessionId = hexBytes(text(tree, 'tls.handshake.session_id')) ?? '';
      const suites = collect(tree, 'tls.handshake.ciphersuite').flatMap((value) => points('suite', value));
      if (type === 'client_hello') fields.cipherSuites = suites;
      else if (suites[0] !== undefined) fields.cipherSuite = suites[0];
      fields.extensions = extensionsOf(tree);
      const serverName = collect(tree, 'tls.handshake.extensions_server_name')[0];
      if (serverName !== undefined) fields.serverName = serverName;
      const alpn = collect(tree, 'tls.handshake.extensions_alpn_str', undefined, 16);
      if (alpn.length > 0) fields.alpn = alpn;
      const versions = collect(tree, 'tls.handshake.extensions.supported_version').flatMap((value) => {
        const version = versionOf(value);
        return version === undefined ? [] : [version];
      });
      if (type === 'client_hello' && versions.length > 0) fields.supportedVersions = versions;
      if (type !== 'client_hello' && versions[0] !== undefined) fields.selectedVersion = versions[0];
      const groups = [
        ...collect(tree, 'tls.handshake.extensions_key_share_group'),
        ...collect(tree, 'tls.handshake.extensions_key_share_selected_group'),
      ].flatMap((value) => points('group', value));
      if (groups.length > 0) fields.keyShareGroups = groups;
      const schemes = signatureSchemes(tree);
      if (schemes.length > 0) fields.signatureAlgorithms = schemes;
      break;
    }
    case 'server_key_exchange': {
      const [group] = collect(tree, 'tls.handshake.server_named_curve').flatMap((value) => points('group', value));
      if (group !== undefined) fields.namedGroup = group;
      const [scheme] = collect(tree, 'tls.handshake.sig_hash_alg').flatMap((value) => points('scheme', value));
      if (scheme !== undefined) fields.signatureAlgorithm = scheme;
      break;
    }
    case 'certificate_verify': {
      const [scheme] = collect(tree, 'tls.handshake.sig_hash_alg').flatMap((value) => points('scheme', value));
      if (scheme !== undefined) fields.signatureAlgorithm = scheme;
      break;
    }
    case 'client_key_exchange': {
      const kind = keyExchangeOf(context.cipherSuite, tree);
      if (kind !== undefined) fields.keyExchange = kind;
      break;
    }
    case 'certificate':
      fields.certificates = certificatesOf(tree);
      break;
    case 'certificate_request': {
      const schemes = signatureSchemes(tree);
      if (schemes.length > 0) fields.signatureAlgorithms = schemes;
      const authorities = namesUnder(tree, 'tls.handshake.dname').slice(0, MAX_AUTHORITIES);
      if (authorities.length > 0) fields.certificateAuthorities = authorities;
      if (tree['tls.handshake.extensions_length'] !== undefined) fields.extensions = extensionsOf(tree);
      break;
    }
    case 'new_session_ticket': {
      const lifetime = toNumber(collect(tree, 'tls.handshake.session_ticket_lifetime_hint')[0]);
      if (lifetime !== undefined) fields.ticketLifetime = lifetime;
      break;
    }
    case 'encrypted_extensions': {
      fields.extensions = extensionsOf(tree);
      const alpn = collect(tree, 'tls.handshake.extensions_alpn_str', undefined, 16);
      if (alpn.length > 0) fields.alpn = alpn;
      break;
    }
    default:
      break;
  }
  return fields;
}

function points(kind: 'suite' | 'group' | 'scheme', value: string): TlsCodePoint[] {
  const code = toNumber(value);
  return code === undefined || code > 0xffff ? [] : [codePoint(kind, code)];
}

function versionOf(value: string | undefined): TlsVersion | undefined {
  const code = toNumber(value);
  return code === undefined ? undefined : tlsVersion(code);
}

/** The message's extensions in order: tshark labels each subtree `Extension: <name> (len=N)`. */
function extensionsOf(tree: JsonTree): TlsCodePoint[] {
  const found: TlsCodePoint[] = [];
  for (const [key, value] of Object.entries(tree)) {
    if (!key.startsWith('Extension: ')) continue;
    for (const extension of Array.isArray(value) ? value : [value]) {
      const code = isTree(extension) ? numberField(extension, 'tls.handshake.extension.type') : undefined;
      if (code !== undefined && code <= 0xffff) found.push(codePoint('extension', code));
    }
  }
  return found;
}

/** signature_algorithms (RFC 8446 §4.2.3), not signature_algorithms_cert, which lists the same field. */
function signatureSchemes(tree: JsonTree): TlsCodePoint[] {
  return collect(tree, 'tls.handshake.sig_hash_alg', (key) =>
    key.startsWith('Extension: signature_algorithms_cert'),
  ).flatMap((value) => points('scheme', value));
}

/**
 * How the premaster secret travels (RFC 5246 §7.4.7): by the suite the ServerHello chose, else by the shape
 * tshark found — an EC or finite-field Diffie-Hellman public value, or the secret encrypted to the server's RSA
 * key, which is why TLS_RSA_* suites have no forward secrecy.
 */
function keyExchangeOf(suite: TlsCodePoint | undefined, tree: JsonTree): 'ecdhe' | 'dhe' | 'rsa' | undefined {
  const name = suite?.name ?? '';
  if (/^TLS_ECDHE_/.test(name)) return 'ecdhe';
  if (/^TLS_DHE_/.test(name)) return 'dhe';
  if (/^TLS_RSA_/.test(name)) return 'rsa';
  const keys = Object.keys(tree).join('\n');
  if (keys.includes('EC Diffie-Hellman')) return 'ecdhe';
  if (keys.includes('Diffie-Hellman')) return 'dhe';
  if (keys.includes('RSA Encrypted PreMaster')) return 'rsa';
  return undefined;
}

function certificatesOf(tree: JsonTree): string[] {
  const limit = MAX_CERTIFICATE_BYTES * 3;
  return collect(tree, 'tls.handshake.certificate', (key) => key.endsWith('_tree'), 64)
    .filter((value) => value.length <= limit)
    .flatMap((value) => {
      const der = hexBytes(value);
      return der === undefined || der === '' ? [] : [der];
    })
    .slice(0, MAX_CERTIFICATES);
}

const ATTRIBUTES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'E',
};

/**
 * The distinguished names under `key` as RFC 4514 strings (`CN=socketlab Intermediate CA, O=socketlab`): tshark
 * gives each attribute's OID and value, most significant first, and RFC 4514 writes them the other way round.
 */
function namesUnder(tree: JsonTree, key: string): string[] {
  const names: string[] = [];
  const visit = (node: JsonTree, depth: number): void => {
    for (const [name, value] of Object.entries(node)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (!isTree(item) || depth > 16) continue;
        if (name === key) names.push(distinguishedName(item));
        else visit(item, depth + 1);
      }
    }
  };
  visit(tree, 0);
  return names.filter((name) => name !== '');
}

function distinguishedName(tree: JsonTree): string {
  const attributes: string[] = [];
  const visit = (node: JsonTree, depth: number): void => {
    for (const [name, value] of Object.entries(node)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (!isTree(item) || depth > 16) continue;
        if (name === 'x509if.RelativeDistinguishedName_item_element') {
          const oid = text(item, 'x509if.oid');
          const attribute = attributeValue(item);
          if (oid !== undefined && attribute !== undefined) {
            attributes.push(`${ATTRIBUTES[oid] ?? oid}=${escapeValue(attribute)}`);
          }
        } else {
          visit(item, depth + 1);
        }
      }
    }
  };
  visit(tree, 0);
  return attributes.reverse().join(', ');
}

/** The attribute's value: a string inside its `…_tree` (a DirectoryString's choice), or a plain string field. */
function attributeValue(element: JsonTree): string | undefined {
  for (const [name, value] of Object.entries(element)) {
    if (name === 'x509if.oid') continue;
    if (name.endsWith('_tree') && isTree(value)) {
      const inner = Object.values(value).find((item): item is string => typeof item === 'string');
      if (inner !== undefined) return inner;
    }
  }
  for (const [name, value] of Object.entries(element)) {
    if (name === 'x509if.oid' || typeof value !== 'string' || element[`${name}_tree`] !== undefined) continue;
    return value;
  }
  return undefined;
}

/** RFC 4514 §2.4: the characters that must be escaped in an attribute value. */
function escapeValue(value: string): string {
  return value.replace(/[\\,+"<>;=]/g, (character) => `\\${character}`).replace(/^[ #]| $/g, (c) => `\\${c}`);
}
