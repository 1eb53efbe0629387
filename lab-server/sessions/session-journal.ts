/**
 * What a session has seen, kept bounded: its packets, renumbered as the session's own connections; its servers'
 * timeline events; the recording behind its pcapng download; and the clock every view of the page counts from.
 * The session decides what to send where; the journal keeps what a reloaded page, the checks, the handshake
 * reader and the download read back.
 */

import type { Localized } from '../../src/common/localized';
import { type Locale, pick } from '../../src/common/localized';
import type { Observation } from '../../src/lab-kit';
import {
  bytesToHex,
  EVENT_PREVIEW_BYTES,
  type Packet,
  type ServerEvent,
  type SessionClock as SessionClockMessage,
} from '../../src/protocol';
import { CaptureRecording, type RawFrame } from '../capture';
import type { RecordingSnapshot } from '../capture/capture-recording';
import { ConnectionNumbering } from './connection-numbering';
import { SessionClock } from './session-clock';

/** Timeline events kept for a reloaded page. */
export const MAX_KEPT_EVENTS = 200;
/**
 * Packets kept for checks, questions and a reloaded page (the pcapng keeps more, by bytes). A kept packet costs
 * ~1.4 KB of heap; with hundreds of sessions under load, more would be hundreds of MB and long GC pauses.
 */
export const MAX_KEPT_PACKETS = 500;
/** All sessions' pcapng recordings together stay within this; each gets its share of it (see below). */
const RECORDINGS_BUDGET_BYTES = 256 * 1024 * 1024;

/** A timeline event as the session keeps it: its note in every language, picked when it is sent. */
export type SessionEvent = Omit<ServerEvent, 'note'> & { readonly note?: Localized };

/** `event` as a page in `locale` is sent it. */
export function eventIn(event: SessionEvent, locale: Locale): ServerEvent {
  const { note, ...rest } = event;
  return note === undefined ? rest : { ...rest, note: pick(note, locale) };
}

export interface SessionJournalOptions {
  /** Epoch milliseconds the session started at: event times count from here. */
  readonly startedAt: number;
  /** Sessions the lab server may have at once: each recording gets its share of the budget. */
  readonly maxSessions: number;
}

export class SessionJournal {
  readonly #startedAt: number;
  readonly #packets: Packet[] = [];
  readonly #events: SessionEvent[] = [];
  readonly #recording: CaptureRecording;
  /** The session's own connection numbers and time origin, the same in every view of the page. */
  readonly #numbering = new ConnectionNumbering();
  readonly #clock: SessionClock;
  #eventSeq = 0;
  /** What the pcapng names the capture's interface: `lo`, or `any` when the LAN is captured too. */
  interfaceName = 'lo';

  constructor(options: SessionJournalOptions) {
    this.#startedAt = options.startedAt;
    this.#clock = new SessionClock(options.startedAt);
    // Each session's share of the recordings budget, between 256 KiB (thousands of lab-sized frames) and 4 MiB.
    const share = Math.floor(RECORDINGS_BUDGET_BYTES / Math.max(1, options.maxSessions));
    this.#recording = new CaptureRecording({ maxBytes: Math.min(4 << 20, Math.max(256 << 10, share)) });
  }

  /** The packets kept (the newest MAX_KEPT_PACKETS), oldest first. */
  get packets(): readonly Packet[] {
    return this.#packets;
  }

  /** The timeline events kept (the newest MAX_KEPT_EVENTS), oldest first. */
  get events(): readonly SessionEvent[] {
    return this.#events;
  }

  get clock(): SessionClockMessage {
    return this.#clock.message;
  }

  /** The id of the newest packet, or 0: where a gap in the capture goes on the page. */
  get lastPacketId(): number {
    return this.#packets.at(-1)?.id ?? 0;
  }

  /**
   * Keeps a packet of the shared capture as the session's own. The capture's connection number counts every
   * session's connections; the session's own, by its servers' `ports`, goes on.
   */
  packet(captured: Packet, frame: RawFrame, ports: readonly number[]): Packet {
    const packet = this.#numbering.packet(captured, ports);
    this.#clock.packet(packet.time);
    this.#packets.push(packet);
    if (this.#packets.length > MAX_KEPT_PACKETS) this.#packets.shift();
    this.#recording.add(frame, packet.tcp && `socketlab: connection #${packet.tcp.connection}`, packet.id);
    return packet;
  }

  /** Keeps what a lab server observed, at `port`, as a timeline event: its bytes as a hex preview, never as text. */
  event(observation: Observation, port: number | undefined): SessionEvent {
    const event: SessionEvent = {
      seq: ++this.#eventSeq,
      time: Date.now() - this.#startedAt,
      server: observation.server,
      connection: this.#numbering.event(observation, port),
      kind: observation.kind,
      ...(observation.peer === undefined ? {} : { peer: observation.peer }),
      ...(observation.bytes === undefined ? {} : { bytes: observation.bytes }),
      ...(observation.data === undefined
        ? {}
        : { preview: bytesToHex(observation.data.subarray(0, EVENT_PREVIEW_BYTES)) }),
      ...(observation.note === undefined ? {} : { note: observation.note }),
    };
    this.#clock.event(event.time);
    this.#events.push(event);
    if (this.#events.length > MAX_KEPT_EVENTS) this.#events.shift();
    return event;
  }

  /** The recording as pcapng; with `tlsKeyLog`, a decryption secrets block first, so Wireshark opens it decrypted. */
  pcapng(tlsKeyLog: string | undefined): Buffer {
    return this.#recording.toPcapng({
      application: 'socketlab',
      interfaceName: this.interfaceName,
      ...(tlsKeyLog === undefined ? {} : { tlsKeyLog }),
    });
  }

  /** The frames of packets `select` keeps, as pcapng with their packet ids, for the handshake reader. */
  snapshot(tlsKeyLog: string, select: (packetId: number) => boolean): RecordingSnapshot {
    return this.#recording.snapshot({ application: 'socketlab', interfaceName: this.interfaceName, tlsKeyLog, select });
  }
}
