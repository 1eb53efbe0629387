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
import { type Localized, verbatim } from '../../common/localized';
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
import { useText } from '../i18n/useText';
import { TEXT as FOLLOW_STREAM } from '../views/FollowStream/text';
import styles from './styles.module.css';
import { TEXT } from './text';

/** ECN's codepoints (RFC 3168 §5), as Wireshark names them; CE is explained in words. */
const ECN: readonly Localized[] = [verbatim('Not-ECT'), verbatim('ECT(1)'), verbatim('ECT(0)'), TEXT.congestion];
const PROTOCOLS: Readonly<Record<number, string>> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMPv6' };

export interface PacketDetailProps {
  readonly packet: Packet;
  /** The packet's "No." in the list. */
  readonly number: number;
  /** The session's time origin (epoch seconds). */
  readonly origin: number | undefined;
  readonly onClose: () => void;
  /** Follow TCP Stream of this packet's connection; absent where the lab shows no stream view. */
  readonly onFollow?: ((packet: Packet) => void) | undefined;
}

export default function PacketDetail({ packet, number, origin, onClose, onFollow }: PacketDetailProps): ReactNode {
  const headingId = useId();
  const t = useText();
  const tcp = packet.tcp;
  return (
    <section className={styles.detail} aria-labelledby={headingId} data-packet-id={packet.id}>
      <header className={styles.header}>
        <h5 id={headingId} className={styles.title}>
          {t(TEXT.title(number))}
          <span className={styles.summary}>
            {' '}
            · {t(TEXT.seconds(formatPacketTime(packet.time, origin)))} · {packetSource(packet)} →{' '}
            {packetDestination(packet)}
          </span>
        </h5>
        {tcp !== undefined && onFollow !== undefined && (
          <button type="button" className={styles.follow} onClick={() => onFollow(packet)}>
            {t(FOLLOW_STREAM.follow(tcp.connection))}
          </button>
        )}
        <button type="button" className={styles.close} onClick={onClose} aria-label={t(TEXT.close(number))}>
          ×
        </button>
      </header>
      <p className={styles.info}>{packet.info}</p>
      <div className={styles.sections}>
        <Section title={t(TEXT.frame)}>
          <Field name={t(TEXT.arrivalTime)}>{formatArrival(packet.time)}</Field>
          <Field name={t(TEXT.sinceOrigin)}>{t(TEXT.seconds(formatPacketTime(packet.time, origin)))}</Field>
          <Field name={t(TEXT.length)}>
            {t(TEXT.onTheWire(packet.length))}
            {packet.capturedLength !== packet.length && t(TEXT.captured(packet.capturedLength))}
          </Field>
        </Section>
        <Section title={t(TEXT.ip(packet.ipVersion))}>
          <Field name={t(TEXT.version)}>{packet.ipVersion}</Field>
          {packet.ip !== undefined && <IpHeaderFields ip={packet.ip} version={packet.ipVersion} />}
          <Field name={t(TEXT.sourceAddress)}>{packet.src}</Field>
          <Field name={t(TEXT.destinationAddress)}>{packet.dst}</Field>
        </Section>
        {tcp !== undefined ? (
          <TcpSection packet={packet} tcp={tcp} />
        ) : (
          <Section title={t(TEXT.udp)}>
            <Field name={t(TEXT.sourcePort)}>{packet.srcPort}</Field>
            <Field name={t(TEXT.destinationPort)}>{packet.dstPort}</Field>
            <Field name={t(TEXT.length)}>
              {packet.udp?.length ?? 8 + packet.payload.length} {t(TEXT.udpLength)}
            </Field>
          </Section>
        )}
        {packet.expert.length > 0 && (
          <Section title={t(TEXT.expert)}>
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
  const t = useText();
  const protocol = PROTOCOLS[ip.protocol];
  const ecn = ECN[ip.ecn];
  const flag = (set: boolean | undefined): string => (set === undefined ? '?' : t(set ? TEXT.set : TEXT.notSet));
  return (
    <>
      <Field name={t(TEXT.headerLength)}>{t(TEXT.bytes(ip.headerLength))}</Field>
      <Field name={version === 4 ? t(TEXT.differentiatedServices) : t(TEXT.trafficClass)}>
        DSCP {ip.dscp}
        {ip.dscp === 0 && <Note>{t(TEXT.dscpDefault)}</Note>} · ECN {ip.ecn}{' '}
        <Note>{t(TEXT.ecnName(ecn ?? verbatim('?')))}</Note>
      </Field>
      {ip.totalLength !== undefined && <Field name={t(TEXT.totalLength)}>{t(TEXT.bytes(ip.totalLength))}</Field>}
      {ip.payloadLength !== undefined && <Field name={t(TEXT.payloadLength)}>{t(TEXT.bytes(ip.payloadLength))}</Field>}
      {ip.flowLabel !== undefined && (
        <Field name={t(TEXT.flowLabel)}>{`0x${ip.flowLabel.toString(16).padStart(5, '0')}`}</Field>
      )}
      {ip.identification !== undefined && (
        <Field name={t(TEXT.identification)}>
          {hex4(ip.identification)} <Note>({ip.identification})</Note>
        </Field>
      )}
      {(ip.dontFragment !== undefined || ip.moreFragments !== undefined) && (
        <Field name={t(TEXT.flags)}>{t(TEXT.ipFlags(flag(ip.dontFragment), flag(ip.moreFragments)))}</Field>
      )}
      {ip.fragmentOffset !== undefined && (
        <Field name={t(TEXT.fragmentOffset)}>
          {ip.fragmentOffset}
          {ip.fragmentOffset !== 0 && t(TEXT.fragmentBytes(ip.fragmentOffset * 8))}
        </Field>
      )}
      <Field name={version === 4 ? t(TEXT.timeToLive) : t(TEXT.hopLimit)}>{ip.ttl}</Field>
      <Field name={version === 4 ? t(TEXT.protocol) : t(TEXT.nextHeader)}>
        {ip.protocol}
        {protocol !== undefined && <Note> ({protocol})</Note>}
      </Field>
      {ip.checksum !== undefined && (
        <Field name={t(TEXT.headerChecksum)}>
          <Checksum checksum={ip.checksum} />
        </Field>
      )}
    </>
  );
}

function Checksum({ checksum, tcp = false }: { readonly checksum: ChecksumView; readonly tcp?: boolean }): ReactNode {
  const t = useText();
  const bad = checksum.expected === undefined ? TEXT.checksumBad : TEXT.checksumBadExpected(hex4(checksum.expected));
  const verdict =
    checksum.status === 'good'
      ? t(TEXT.checksumGood)
      : checksum.status === 'bad'
        ? `${t(bad)}${tcp ? t(TEXT.badTcp) : ''}`
        : t(tcp ? TEXT.checksumUnverifiedTcp : TEXT.checksumUnverified);
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
  const t = useText();
  const ackSet = hasFlag(tcp, 0x010);
  const options = tcp.options;
  const optionParts: string[] = [];
  if (options.mss !== undefined) optionParts.push(`MSS ${options.mss}`);
  if (options.windowScale !== undefined) {
    optionParts.push(t(TEXT.windowScale(options.windowScale, 2 ** options.windowScale)));
  }
  if (options.sackPermitted) optionParts.push(t(TEXT.sackPermitted));
  if (options.tsval !== undefined) optionParts.push(t(TEXT.timestamps(options.tsval, options.tsecr ?? 0)));
  const bits = flagBitRows(tcp.flags);
  const setNames = tcp.flagNames === '' ? t(TEXT.none) : tcp.flagNames.split(',').join(', ');
  return (
    <Section title={t(TEXT.tcp)} wide>
      <Field name={t(TEXT.sourcePort)}>{packet.srcPort}</Field>
      <Field name={t(TEXT.destinationPort)}>{packet.dstPort}</Field>
      <Field name={t(TEXT.connection)}>#{tcp.connection}</Field>
      <Field name={t(TEXT.sequenceNumber)}>
        {tcp.seq} <Note>{t(TEXT.relative)}</Note> · {t(TEXT.raw)} {tcp.seqRaw}
      </Field>
      <Field name={t(TEXT.nextSequenceNumber)}>
        {tcp.nextSeq} <Note>{t(hasFlag(tcp, 0x003) ? TEXT.nextSeqSynFin : TEXT.nextSeq)}</Note>
      </Field>
      <Field name={t(TEXT.acknowledgmentNumber)}>
        {ackSet ? (
          <>
            {tcp.ack} <Note>{t(TEXT.relative)}</Note> · {t(TEXT.raw)} {tcp.ackRaw}
          </>
        ) : (
          <Note>{t(TEXT.noAck(tcp.ackRaw))}</Note>
        )}
      </Field>
      {tcp.headerLength !== undefined && <Field name={t(TEXT.headerLength)}>{t(TEXT.bytes(tcp.headerLength))}</Field>}
      <Field name={t(TEXT.flags)}>
        {formatFlagsHex(tcp.flags)} ({setNames})
        <pre className={styles.bits}>
          {/* Wireshark's own picture of the bits, its words included, in every language. */}
          {bits.map((row) => `${row.bits} = ${row.name}: ${row.set ? 'Set' : 'Not set'}`).join('\n')}
        </pre>
      </Field>
      <Field name={t(TEXT.window)}>
        {tcp.windowValue} <Note>{t(TEXT.asSent)}</Note>
        {tcp.window !== tcp.windowValue ? (
          <>
            {' '}
            · {t(TEXT.bytes(tcp.window))} <Note>{t(TEXT.scaled)}</Note>
          </>
        ) : (
          <Note> {t(hasFlag(tcp, 0x002) ? TEXT.notScaledSyn : TEXT.notScaled)}</Note>
        )}
      </Field>
      {tcp.checksum !== undefined && (
        <Field name={t(TEXT.checksum)}>
          <Checksum checksum={tcp.checksum} tcp />
        </Field>
      )}
      {tcp.urgentPointer !== undefined && (
        <Field name={t(TEXT.urgentPointer)}>
          {tcp.urgentPointer}
          {!hasFlag(tcp, 0x020) && <Note>{t(TEXT.urgentUnused)}</Note>}
        </Field>
      )}
      <Field name={t(TEXT.segmentLength)}>{t(TEXT.bytes(tcp.len))}</Field>
      <Field name={t(TEXT.options)}>
        {optionParts.length === 0 ? <Note>{t(TEXT.none)}</Note> : optionParts.join(' · ')}
      </Field>
    </Section>
  );
}

function Payload({ packet }: { readonly packet: Packet }): ReactNode {
  const t = useText();
  const bytes = payloadBytes(packet);
  const note = truncationNote(packet);
  const length = packet.payload.length;
  return (
    <div className={styles.payload}>
      <h6 className={styles.sectionTitle}>
        {t(TEXT.payload(length))}
        {note !== undefined && <span className={styles.truncated}> {t(note)}</span>}
      </h6>
      {bytes.length > 0 ? (
        <pre className={styles.dump}>{hexDump(bytes).join('\n')}</pre>
      ) : (
        length === 0 && <p className={styles.noPayload}>{t(TEXT.noPayload)}</p>
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
