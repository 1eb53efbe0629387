/**
 * One packet opened from the list or the ladder, laid out like Wireshark's detail and bytes panes: the frame,
 * the IP addresses, the TCP header (sequence and acknowledgment numbers relative and raw, every flag bit by
 * name, the window as sent and as scaled, the segment length, next sequence number and options) or the UDP
 * header, the expert notes with what they mean, and a hex/ASCII dump of the payload. All of it is text:
 * whatever bytes a student sent are shown, never interpreted.
 */

import { type ReactNode, useId } from 'react';
import {
  flagBitRows,
  formatFlagsHex,
  formatPacketTime,
  packetDestination,
  packetSource,
  payloadBytes,
  truncationNote,
} from '../../lab-client/packet-format';
import { hexDump, type Packet, type TcpView } from '../../protocol';
import ExpertBadges from '../ExpertBadges';
import styles from './styles.module.css';

export interface PacketDetailProps {
  readonly packet: Packet;
  /** The packet's "No." in the list. */
  readonly number: number;
  readonly timeOrigin: number | undefined;
  readonly onClose: () => void;
}

export default function PacketDetail({ packet, number, timeOrigin, onClose }: PacketDetailProps): ReactNode {
  const headingId = useId();
  const tcp = packet.tcp;
  return (
    <section className={styles.detail} aria-labelledby={headingId} data-packet-id={packet.id}>
      <header className={styles.header}>
        <h5 id={headingId} className={styles.title}>
          Packet {number}
          <span className={styles.summary}>
            {' '}
            · {formatPacketTime(packet.time, timeOrigin)} s · {packetSource(packet)} → {packetDestination(packet)}
          </span>
        </h5>
        <button type="button" className={styles.close} onClick={onClose} aria-label={`Close packet ${number}`}>
          ×
        </button>
      </header>
      <p className={styles.info}>{packet.info}</p>
      <div className={styles.sections}>
        <Section title="Frame">
          <Field name="Arrival time">{formatArrival(packet.time)}</Field>
          <Field name="Since first packet">{formatPacketTime(packet.time, timeOrigin)} s</Field>
          <Field name="Length">
            {packet.length} bytes on the wire
            {packet.capturedLength !== packet.length && `, ${packet.capturedLength} captured`}
          </Field>
        </Section>
        <Section title={`Internet Protocol Version ${packet.ipVersion}`}>
          <Field name="Version">{packet.ipVersion}</Field>
          <Field name="Source address">{packet.src}</Field>
          <Field name="Destination address">{packet.dst}</Field>
        </Section>
        {tcp !== undefined ? (
          <TcpSection packet={packet} tcp={tcp} />
        ) : (
          <Section title="User Datagram Protocol">
            <Field name="Source port">{packet.srcPort}</Field>
            <Field name="Destination port">{packet.dstPort}</Field>
            <Field name="Length">{packet.udp?.length ?? 8 + packet.payload.length} (8-byte header + payload)</Field>
          </Section>
        )}
        {packet.expert.length > 0 && (
          <Section title="Expert notes">
            <ExpertBadges expert={packet.expert} explain />
          </Section>
        )}
      </div>
      <Payload packet={packet} />
    </section>
  );
}

function TcpSection({ packet, tcp }: { readonly packet: Packet; readonly tcp: TcpView }): ReactNode {
  const ackSet = hasFlag(tcp, 0x010);
  const options = tcp.options;
  const optionParts: string[] = [];
  if (options.mss !== undefined) optionParts.push(`MSS ${options.mss}`);
  if (options.windowScale !== undefined) {
    optionParts.push(`window scale ${options.windowScale} (×${2 ** options.windowScale})`);
  }
  if (options.sackPermitted) optionParts.push('SACK permitted');
  if (options.tsval !== undefined) optionParts.push(`timestamps TSval=${options.tsval} TSecr=${options.tsecr ?? 0}`);
  const bits = flagBitRows(tcp.flags);
  const setNames = tcp.flagNames === '' ? 'none' : tcp.flagNames.split(',').join(', ');
  return (
    <Section title="Transmission Control Protocol" wide>
      <Field name="Source port">{packet.srcPort}</Field>
      <Field name="Destination port">{packet.dstPort}</Field>
      <Field name="Connection">#{tcp.connection}</Field>
      <Field name="Sequence number">
        {tcp.seq} <Note>(relative)</Note> · raw {tcp.seqRaw}
      </Field>
      <Field name="Next sequence number">
        {tcp.nextSeq} <Note>(relative: seq + len{hasFlag(tcp, 0x003) ? ' + 1 for SYN/FIN' : ''})</Note>
      </Field>
      <Field name="Acknowledgment number">
        {ackSet ? (
          <>
            {tcp.ack} <Note>(relative)</Note> · raw {tcp.ackRaw}
          </>
        ) : (
          <Note>not used: the ACK flag is not set (raw field {tcp.ackRaw})</Note>
        )}
      </Field>
      <Field name="Flags">
        {formatFlagsHex(tcp.flags)} ({setNames})
        <pre className={styles.bits}>
          {bits.map((row) => `${row.bits} = ${row.name}: ${row.set ? 'Set' : 'Not set'}`).join('\n')}
        </pre>
      </Field>
      <Field name="Window">
        {tcp.windowValue} <Note>as sent</Note>
        {tcp.window !== tcp.windowValue ? (
          <>
            {' '}
            · {tcp.window} bytes <Note>scaled</Note>
          </>
        ) : (
          // RFC 7323 §2.2: the window field of a SYN is never scaled.
          <Note> {hasFlag(tcp, 0x002) ? '(a SYN’s window is never scaled)' : '(not scaled)'}</Note>
        )}
      </Field>
      <Field name="Segment length">
        {tcp.len} {tcp.len === 1 ? 'byte' : 'bytes'}
      </Field>
      <Field name="Options">{optionParts.length === 0 ? <Note>none</Note> : optionParts.join(' · ')}</Field>
    </Section>
  );
}

function Payload({ packet }: { readonly packet: Packet }): ReactNode {
  const bytes = payloadBytes(packet);
  const note = truncationNote(packet);
  const length = packet.payload.length;
  return (
    <div className={styles.payload}>
      <h6 className={styles.sectionTitle}>
        Payload: {length} {length === 1 ? 'byte' : 'bytes'}
        {note !== undefined && <span className={styles.truncated}> {note}</span>}
      </h6>
      {bytes.length > 0 ? (
        <pre className={styles.dump}>{hexDump(bytes).join('\n')}</pre>
      ) : (
        length === 0 && <p className={styles.noPayload}>No payload: this segment carries only its header.</p>
      )}
    </div>
  );
}

function Section({
  title,
  wide = false,
  children,
}: {
  readonly title: string;
  readonly wide?: boolean;
  readonly children: ReactNode;
}): ReactNode {
  return (
    <div className={wide ? styles.sectionWide : styles.section}>
      <h6 className={styles.sectionTitle}>{title}</h6>
      <dl className={styles.fields}>{children}</dl>
    </div>
  );
}

function Field({ name, children }: { readonly name: string; readonly children: ReactNode }): ReactNode {
  return (
    <>
      <dt>{name}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Note({ children }: { readonly children: ReactNode }): ReactNode {
  return <span className={styles.note}>{children}</span>;
}

function hasFlag(tcp: TcpView, mask: number): boolean {
  return (tcp.flags & mask) !== 0;
}

/** `2025-10-09 08:53:20.123456 UTC`: the capture's timestamp to the microsecond. */
function formatArrival(time: number): string {
  const seconds = Math.floor(time);
  const micros = Math.min(999_999, Math.round((time - seconds) * 1e6));
  const iso = new Date(seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${micros.toString().padStart(6, '0')} UTC`;
}
