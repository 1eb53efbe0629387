/**
 * One packet opened from the list or the ladder, laid out like Wireshark's detail and bytes panes: the frame,
 * the IP header (version, lengths, DSCP/ECN, identification, DF/MF and fragment offset, TTL or hop limit, the
 * protocol and IPv4's header checksum), the TCP header (the session's connection number, sequence and
 * acknowledgment numbers relative and raw, header length, every flag bit by name, the window as sent and as
 * scaled, checksum, urgent pointer, segment length, next sequence number and options) or the UDP header, the
 * expert notes with what they mean, and a hex/ASCII dump of the payload, with a button to follow the packet's
 * TCP stream. Checksums say honestly what is known: a TCP checksum on loopback is never computed, so it is
 * shown as not verified, not as bad. All of it is text: whatever bytes a student sent are shown, never
 * interpreted.
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
import { type ChecksumView, hexDump, type IpView, type Packet, type TcpView } from '../../protocol';
import ExpertBadges from '../ExpertBadges';
import styles from './styles.module.css';

/** Field names, as Wireshark's detail pane names them. */
const FIELD = {
  arrivalTime: 'Arrival time',
  sinceOrigin: "Since the session's origin",
  length: 'Length',
  version: 'Version',
  sourceAddress: 'Source address',
  destinationAddress: 'Destination address',
  sourcePort: 'Source port',
  destinationPort: 'Destination port',
  headerLength: 'Header length',
  totalLength: 'Total length',
  payloadLength: 'Payload length',
  flowLabel: 'Flow label',
  identification: 'Identification',
  flags: 'Flags',
  fragmentOffset: 'Fragment offset',
  headerChecksum: 'Header checksum',
  connection: 'Connection',
  sequenceNumber: 'Sequence number',
  nextSequenceNumber: 'Next sequence number',
  acknowledgmentNumber: 'Acknowledgment number',
  window: 'Window',
  checksum: 'Checksum',
  urgentPointer: 'Urgent pointer',
  segmentLength: 'Segment length',
  options: 'Options',
  differentiatedServices: 'Differentiated services',
  trafficClass: 'Traffic class',
  timeToLive: 'Time to live',
  hopLimit: 'Hop limit',
  protocol: 'Protocol',
  nextHeader: 'Next header',
} as const;

const SECTION = {
  frame: 'Frame',
  ip: (version: number) => `Internet Protocol Version ${version}`,
  tcp: 'Transmission Control Protocol',
  udp: 'User Datagram Protocol',
  expert: 'Expert notes',
} as const;

const TEXT = {
  title: (number: number) => `Packet ${number}`,
  close: (number: number) => `Close packet ${number}`,
  onTheWire: (n: number) => `${n} bytes on the wire`,
  captured: (n: number) => `, ${n} captured`,
  udpLength: '(8-byte header + payload)',
  relative: '(relative)',
  raw: 'raw',
  nextSeq: (synFin: boolean) => `(relative: seq + len${synFin ? ' + 1 for SYN/FIN' : ''})`,
  noAck: (raw: number) => `not used: the ACK flag is not set (raw field ${raw})`,
  asSent: 'as sent',
  scaled: 'scaled',
  // RFC 7323 §2.2: the window field of a SYN is never scaled.
  notScaled: (syn: boolean) => (syn ? '(a SYN’s window is never scaled)' : '(not scaled)'),
  none: 'none',
  mss: (mss: number) => `MSS ${mss}`,
  windowScale: (shift: number) => `window scale ${shift} (×${2 ** shift})`,
  sackPermitted: 'SACK permitted',
  timestamps: (tsval: number, tsecr: number) => `timestamps TSval=${tsval} TSecr=${tsecr}`,
  payload: (n: number) => `Payload: ${n} ${n === 1 ? 'byte' : 'bytes'}`,
  noPayload: 'No payload: this segment carries only its header.',
  follow: (connection: number) => `Follow TCP stream #${connection}`,
  checksum: {
    good: 'correct (verified)',
    bad: (expected: number | undefined) =>
      expected === undefined ? 'does not match' : `does not match: it should be ${hex4(expected)}`,
    unverifiedTcp:
      'not verified: the kernel leaves the TCP checksum to the network card (checksum offload), and on loopback it is never computed, so a capture sees an unfinished value',
    unverified: 'not verified',
  },
  badTcp:
    ' (expected here: on loopback, and with checksum offload, the kernel never completes the TCP checksum a capture sees)',
  ecn: ['Not-ECT', 'ECT(1)', 'ECT(0)', 'CE (congestion experienced)'] as const,
  protocols: { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMPv6' } as Readonly<Record<number, string>>,
  dscpDefault: ' (default, best effort)',
  fragmentOffset: (offset: number) => `${offset}${offset === 0 ? '' : ` (${offset * 8} bytes)`}`,
  flag: (set: boolean | undefined) => (set === undefined ? '?' : set ? 'Set' : 'Not set'),
  urgent: (urgent: boolean) => (urgent ? '' : ' (not used: URG is not set)'),
  bytes: (n: number) => `${n} ${n === 1 ? 'byte' : 'bytes'}`,
};

export interface PacketDetailProps {
  readonly packet: Packet;
  /** The packet's "No." in the list. */
  readonly number: number;
  /** The session's time origin (epoch seconds). */
  readonly origin: number | undefined;
  readonly onClose: () => void;
  /** Follow TCP Stream of this packet's connection. */
  readonly onFollow: (packet: Packet) => void;
}

export default function PacketDetail({ packet, number, origin, onClose, onFollow }: PacketDetailProps): ReactNode {
  const headingId = useId();
  const tcp = packet.tcp;
  return (
    <section className={styles.detail} aria-labelledby={headingId} data-packet-id={packet.id}>
      <header className={styles.header}>
        <h5 id={headingId} className={styles.title}>
          {TEXT.title(number)}
          <span className={styles.summary}>
            {' '}
            · {formatPacketTime(packet.time, origin)} s · {packetSource(packet)} → {packetDestination(packet)}
          </span>
        </h5>
        {tcp !== undefined && (
          <button type="button" className={styles.follow} onClick={() => onFollow(packet)}>
            {TEXT.follow(tcp.connection)}
          </button>
        )}
        <button type="button" className={styles.close} onClick={onClose} aria-label={TEXT.close(number)}>
          ×
        </button>
      </header>
      <p className={styles.info}>{packet.info}</p>
      <div className={styles.sections}>
        <Section title={SECTION.frame}>
          <Field name={FIELD.arrivalTime}>{formatArrival(packet.time)}</Field>
          <Field name={FIELD.sinceOrigin}>{formatPacketTime(packet.time, origin)} s</Field>
          <Field name={FIELD.length}>
            {TEXT.onTheWire(packet.length)}
            {packet.capturedLength !== packet.length && TEXT.captured(packet.capturedLength)}
          </Field>
        </Section>
        <Section title={SECTION.ip(packet.ipVersion)}>
          <Field name={FIELD.version}>{packet.ipVersion}</Field>
          {packet.ip !== undefined && <IpHeaderFields ip={packet.ip} version={packet.ipVersion} />}
          <Field name={FIELD.sourceAddress}>{packet.src}</Field>
          <Field name={FIELD.destinationAddress}>{packet.dst}</Field>
        </Section>
        {tcp !== undefined ? (
          <TcpSection packet={packet} tcp={tcp} />
        ) : (
          <Section title={SECTION.udp}>
            <Field name={FIELD.sourcePort}>{packet.srcPort}</Field>
            <Field name={FIELD.destinationPort}>{packet.dstPort}</Field>
            <Field name={FIELD.length}>
              {packet.udp?.length ?? 8 + packet.payload.length} {TEXT.udpLength}
            </Field>
          </Section>
        )}
        {packet.expert.length > 0 && (
          <Section title={SECTION.expert}>
            <ExpertBadges expert={packet.expert} explain />
          </Section>
        )}
      </div>
      <Payload packet={packet} />
    </section>
  );
}

/** The IP header's fields between the version and the addresses, in header order. */
function IpHeaderFields({ ip, version }: { readonly ip: IpView; readonly version: 4 | 6 }): ReactNode {
  const protocol = TEXT.protocols[ip.protocol];
  return (
    <>
      <Field name={FIELD.headerLength}>{TEXT.bytes(ip.headerLength)}</Field>
      <Field name={version === 4 ? FIELD.differentiatedServices : FIELD.trafficClass}>
        DSCP {ip.dscp}
        {ip.dscp === 0 && <Note>{TEXT.dscpDefault}</Note>} · ECN {ip.ecn} <Note>({TEXT.ecn[ip.ecn] ?? '?'})</Note>
      </Field>
      {ip.totalLength !== undefined && <Field name={FIELD.totalLength}>{TEXT.bytes(ip.totalLength)}</Field>}
      {ip.payloadLength !== undefined && <Field name={FIELD.payloadLength}>{TEXT.bytes(ip.payloadLength)}</Field>}
      {ip.flowLabel !== undefined && (
        <Field name={FIELD.flowLabel}>{`0x${ip.flowLabel.toString(16).padStart(5, '0')}`}</Field>
      )}
      {ip.identification !== undefined && (
        <Field name={FIELD.identification}>
          {hex4(ip.identification)} <Note>({ip.identification})</Note>
        </Field>
      )}
      {(ip.dontFragment !== undefined || ip.moreFragments !== undefined) && (
        <Field name={FIELD.flags}>
          Don't fragment: {TEXT.flag(ip.dontFragment)} · More fragments: {TEXT.flag(ip.moreFragments)}
        </Field>
      )}
      {ip.fragmentOffset !== undefined && (
        <Field name={FIELD.fragmentOffset}>{TEXT.fragmentOffset(ip.fragmentOffset)}</Field>
      )}
      <Field name={version === 4 ? FIELD.timeToLive : FIELD.hopLimit}>{ip.ttl}</Field>
      <Field name={version === 4 ? FIELD.protocol : FIELD.nextHeader}>
        {ip.protocol}
        {protocol !== undefined && <Note> ({protocol})</Note>}
      </Field>
      {ip.checksum !== undefined && (
        <Field name={FIELD.headerChecksum}>
          <Checksum checksum={ip.checksum} />
        </Field>
      )}
    </>
  );
}

function Checksum({ checksum, tcp = false }: { readonly checksum: ChecksumView; readonly tcp?: boolean }): ReactNode {
  const verdict =
    checksum.status === 'good'
      ? TEXT.checksum.good
      : checksum.status === 'bad'
        ? `${TEXT.checksum.bad(checksum.expected)}${tcp ? TEXT.badTcp : ''}`
        : tcp
          ? TEXT.checksum.unverifiedTcp
          : TEXT.checksum.unverified;
  return (
    <span data-checksum={checksum.status}>
      {hex4(checksum.value)} <Note>· {verdict}</Note>
    </span>
  );
}

function hex4(value: number): string {
  return `0x${value.toString(16).padStart(4, '0')}`;
}

function TcpSection({ packet, tcp }: { readonly packet: Packet; readonly tcp: TcpView }): ReactNode {
  const ackSet = hasFlag(tcp, 0x010);
  const options = tcp.options;
  const optionParts: string[] = [];
  if (options.mss !== undefined) optionParts.push(TEXT.mss(options.mss));
  if (options.windowScale !== undefined) optionParts.push(TEXT.windowScale(options.windowScale));
  if (options.sackPermitted) optionParts.push(TEXT.sackPermitted);
  if (options.tsval !== undefined) optionParts.push(TEXT.timestamps(options.tsval, options.tsecr ?? 0));
  const bits = flagBitRows(tcp.flags);
  const setNames = tcp.flagNames === '' ? TEXT.none : tcp.flagNames.split(',').join(', ');
  return (
    <Section title={SECTION.tcp} wide>
      <Field name={FIELD.sourcePort}>{packet.srcPort}</Field>
      <Field name={FIELD.destinationPort}>{packet.dstPort}</Field>
      <Field name={FIELD.connection}>#{tcp.connection}</Field>
      <Field name={FIELD.sequenceNumber}>
        {tcp.seq} <Note>{TEXT.relative}</Note> · {TEXT.raw} {tcp.seqRaw}
      </Field>
      <Field name={FIELD.nextSequenceNumber}>
        {tcp.nextSeq} <Note>{TEXT.nextSeq(hasFlag(tcp, 0x003))}</Note>
      </Field>
      <Field name={FIELD.acknowledgmentNumber}>
        {ackSet ? (
          <>
            {tcp.ack} <Note>{TEXT.relative}</Note> · {TEXT.raw} {tcp.ackRaw}
          </>
        ) : (
          <Note>{TEXT.noAck(tcp.ackRaw)}</Note>
        )}
      </Field>
      {tcp.headerLength !== undefined && <Field name={FIELD.headerLength}>{TEXT.bytes(tcp.headerLength)}</Field>}
      <Field name={FIELD.flags}>
        {formatFlagsHex(tcp.flags)} ({setNames})
        <pre className={styles.bits}>
          {bits.map((row) => `${row.bits} = ${row.name}: ${TEXT.flag(row.set)}`).join('\n')}
        </pre>
      </Field>
      <Field name={FIELD.window}>
        {tcp.windowValue} <Note>{TEXT.asSent}</Note>
        {tcp.window !== tcp.windowValue ? (
          <>
            {' '}
            · {TEXT.bytes(tcp.window)} <Note>{TEXT.scaled}</Note>
          </>
        ) : (
          <Note> {TEXT.notScaled(hasFlag(tcp, 0x002))}</Note>
        )}
      </Field>
      {tcp.checksum !== undefined && (
        <Field name={FIELD.checksum}>
          <Checksum checksum={tcp.checksum} tcp />
        </Field>
      )}
      {tcp.urgentPointer !== undefined && (
        <Field name={FIELD.urgentPointer}>
          {tcp.urgentPointer}
          <Note>{TEXT.urgent(hasFlag(tcp, 0x020))}</Note>
        </Field>
      )}
      <Field name={FIELD.segmentLength}>{TEXT.bytes(tcp.len)}</Field>
      <Field name={FIELD.options}>
        {optionParts.length === 0 ? <Note>{TEXT.none}</Note> : optionParts.join(' · ')}
      </Field>
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
        {TEXT.payload(length)}
        {note !== undefined && <span className={styles.truncated}> {note}</span>}
      </h6>
      {bytes.length > 0 ? (
        <pre className={styles.dump}>{hexDump(bytes).join('\n')}</pre>
      ) : (
        length === 0 && <p className={styles.noPayload}>{TEXT.noPayload}</p>
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
