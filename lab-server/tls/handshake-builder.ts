/**
 * One connection's handshake, built from its TLS frames in capture order: each record becomes a message with its
 * direction, its frame and whether it travelled encrypted — TLS 1.3's records after the ServerHello (RFC 8446
 * §5.2, protected as application_data), TLS 1.2's after each side's ChangeCipherSpec (RFC 5246 §7.1), where
 * only the Finished and later alerts travel. Application data is left out once both Finished were seen (it is
 * the student's bytes, not the handshake); before that it can only be a record tshark could not decrypt, and it
 * stays in, so the ladder still shows that something went by. At most `MAX_MESSAGES` messages.
 */

import type { PacketDirection, TlsCodePoint, TlsMessage, TlsVersion } from '../../src/protocol';
import { describeHandshake } from './handshake-message';
import { handshakesOf, type TlsFrame, type TlsRecord } from './tls-frame';
import { alertDescription, tlsVersion } from './tls-names';
import { numberField, trees } from './tshark-json';

export const MAX_MESSAGES = 64;

const CHANGE_CIPHER_SPEC = 20;
const ALERT = 21;
const HANDSHAKE = 22;
const APPLICATION_DATA = 23;

/** A message with the capture's frame number it ended in; `packet` is the caller's id for that frame. */
export type ReadMessage = TlsMessage & { readonly frame: number };

export interface ReadHandshake {
  /** The lab server's id and port, as the caller named them. */
  readonly server: string;
  readonly serverPort: number;
  /** `127.0.0.1:51234`, `[::1]:51234`. */
  readonly client: string;
  readonly clientPort: number;
  readonly messages: readonly ReadMessage[];
  /** Some record stayed encrypted: no key for it in the key log. */
  readonly undecrypted: boolean;
  /** More messages than `MAX_MESSAGES` went by; the first ones are kept. */
  readonly truncated: boolean;
  /** Records the server sent after both Finished (TLS 1.3's tickets, the first echo): the handshake is over. */
  readonly serverRecordsAfterFinished: number;
}

export class HandshakeBuilder {
  readonly #server: { readonly id: string; readonly port: number };
  readonly #packetOf: (frame: number) => number;
  readonly #messages: ReadMessage[] = [];
  #client: { address: string; port: number } | undefined;
  #cipherSuite: TlsCodePoint | undefined;
  #version: TlsVersion | undefined;
  readonly #afterChangeCipherSpec = new Set<PacketDirection>();
  readonly #finished = new Set<PacketDirection>();
  #undecrypted = false;
  #truncated = false;
  #serverRecordsAfterFinished = 0;

  constructor(server: { readonly id: string; readonly port: number }, packetOf: (frame: number) => number) {
    this.#server = server;
    this.#packetOf = packetOf;
  }

  get complete(): boolean {
    return this.#finished.size === 2;
  }

  add(frame: TlsFrame): void {
    const direction: PacketDirection = frame.dstPort === this.#server.port ? 'to-server' : 'from-server';
    if (direction === 'to-server') this.#client ??= { address: frame.srcAddress, port: frame.srcPort };
    else this.#client ??= { address: frame.dstAddress, port: frame.dstPort };
    for (const record of frame.records) this.#addRecord(frame, direction, record);
  }

  result(): ReadHandshake {
    const client = this.#client ?? { address: '', port: 0 };
    return {
      server: this.#server.id,
      serverPort: this.#server.port,
      client: client.address.includes(':') ? `[${client.address}]:${client.port}` : `${client.address}:${client.port}`,
      clientPort: client.port,
      messages: this.#messages,
      undecrypted: this.#undecrypted,
      truncated: this.#truncated,
      serverRecordsAfterFinished: this.#serverRecordsAfterFinished,
    };
  }

  #addRecord(frame: TlsFrame, direction: PacketDirection, record: TlsRecord): void {
    const wasComplete = this.complete;
    if (wasComplete && direction === 'from-server') this.#serverRecordsAfterFinished += 1;
    const encrypted = record.protected || (this.#version !== 'TLS 1.3' && this.#afterChangeCipherSpec.has(direction));
    const base = {
      direction,
      packet: this.#packetOf(frame.frame),
      frame: frame.frame,
      time: frame.time,
      encrypted: encrypted && record.contentType !== CHANGE_CIPHER_SPEC,
      ...versionField(record.version),
    };
    switch (record.contentType) {
      case CHANGE_CIPHER_SPEC:
        this.#afterChangeCipherSpec.add(direction);
        this.#push({ ...base, type: 'change_cipher_spec', length: record.length });
        return;
      case ALERT: {
        const [alert] = trees(record.tree, 'tls.alert_message');
        const level = alert === undefined ? undefined : numberField(alert, 'tls.alert_message.level');
        const description = alert === undefined ? undefined : numberField(alert, 'tls.alert_message.desc');
        if (level === undefined || description === undefined) {
          this.#undecrypted = true;
          this.#push({ ...base, type: 'alert', length: record.length });
          return;
        }
        this.#push({
          ...base,
          type: 'alert',
          length: record.length,
          alert: { level: level === 2 ? 'fatal' : 'warning', description: alertDescription(description) },
        });
        return;
      }
      case HANDSHAKE: {
        const { messages, unreadable } = handshakesOf(record);
        for (const tree of messages) {
          const fields = describeHandshake(
            tree,
            this.#cipherSuite === undefined ? {} : { cipherSuite: this.#cipherSuite },
          );
          if (fields === undefined) continue;
          if (fields.type === 'server_hello') {
            if (fields.cipherSuite !== undefined) this.#cipherSuite = fields.cipherSuite;
            this.#version = fields.selectedVersion ?? fields.legacyVersion;
          }
          if (fields.type === 'finished') this.#finished.add(direction);
          this.#push({ ...base, ...fields });
        }
        if (unreadable) {
          this.#undecrypted = true;
          // RFC 5246 §7.4.9: the first handshake message after ChangeCipherSpec is Finished; it is the one
          // encrypted handshake message TLS 1.2 sends, so it is known for what it is without the keys.
          if (encrypted && !this.#finished.has(direction)) {
            this.#finished.add(direction);
            this.#push({ ...base, type: 'finished', length: record.length });
          }
        }
        return;
      }
      case APPLICATION_DATA:
        if (!wasComplete) this.#push({ ...base, type: 'application_data', length: record.length });
        return;
      case undefined:
        // A TLS 1.3 record tshark could not decrypt: the keys for it are not in the key log.
        if (record.protected) {
          this.#undecrypted = true;
          if (!wasComplete) this.#push({ ...base, type: 'application_data', length: record.length });
        }
        return;
      default:
        return;
    }
  }

  #push(message: ReadMessage): void {
    if (this.#messages.length >= MAX_MESSAGES) {
      this.#truncated = true;
      return;
    }
    this.#messages.push(message);
  }
}

function versionField(code: number | undefined): { recordVersion?: TlsVersion } {
  const version = code === undefined ? undefined : tlsVersion(code);
  return version === undefined ? {} : { recordVersion: version };
}
