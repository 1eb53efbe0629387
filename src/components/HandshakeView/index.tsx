/**
 * The TLS handshake of one of the session's connections, read from its own capture with its own keys, drawn as a
 * ladder: the client's lifeline on the left, the server's on the right, one arrow per message in wire order,
 * numbered as TLS 1.2's ten steps or grouped into TLS 1.3's flights (`lab-client/tls-ladder.ts`), a lock line
 * where each side starts to encrypt, encrypted messages marked as read with the session's keys, alerts in red.
 * An arrow opens its packet; the button beside it unfolds the message's fields (randoms, suites offered and
 * chosen, extensions, SNI, ALPN, versions, key shares, the certificate list with the subjects the chain report
 * read). Everything a peer sent is React text, never markup. Loaded with its tab, not with the panel.
 */

import clsx from 'clsx';
import { type ReactNode, useId, useState } from 'react';
import type { Localized } from '../../common/localized';
import { chainOfMessage, sentCertificates } from '../../lab-client/certificate-format';
import { formatPacketTime } from '../../lab-client/packet-format';
import { codePointText, collapseList, firstTlsServer, hexBlocks } from '../../lab-client/tls-fields';
import { buildTlsLadder, type TlsLadderRow } from '../../lab-client/tls-ladder';
import { handshakeKey } from '../../lab-client/tls-state';
import {
  type CaptureStatus,
  formatHostPort,
  type Packet,
  type ServerInfo,
  type TlsCodePoint,
  type TlsHandshake,
  type TlsMessage,
} from '../../protocol';
import { useText } from '../i18n/useText';
import part from '../LabPanel/part.module.css';
import FieldList, { type FieldRow } from './field-list';
import LockMark from './lock-mark';
import HandshakePicker from './picker';
import styles from './styles.module.css';
import { FIELD_TEXT, FLIGHT_TEXT, MESSAGE_TEXT, SKIPPED_TEXT, TEXT } from './text';

/** Items of a long list (a ClientHello's suites) shown before "… and N more". */
const LIST_KEEP = 5;

export interface HandshakeViewProps {
  readonly handshakes: readonly TlsHandshake[];
  /** The connection shown; undefined while there is none. */
  readonly shown: TlsHandshake | undefined;
  readonly onChoose: (key: string) => void;
  /** The session's packets, to open a message's own. */
  readonly packets: readonly Packet[];
  readonly servers: readonly ServerInfo[];
  readonly capture: CaptureStatus | undefined;
  /** The session's time origin (epoch seconds). */
  readonly origin: number | undefined;
  readonly selectedId: number | undefined;
  readonly onOpen: (packet: Packet) => void;
}

export default function HandshakeView(props: HandshakeViewProps): ReactNode {
  const { handshakes, shown, onChoose } = props;
  const t = useText();
  if (shown === undefined) return <EmptyHandshake servers={props.servers} capture={props.capture} />;
  const ladder = buildTlsLadder(shown);
  return (
    <div className={styles.view} data-handshake={handshakeKey(shown)} data-tls-scheme={ladder.scheme}>
      <div className={styles.toolbar}>
        <HandshakePicker handshakes={handshakes} shown={shown} onChoose={onChoose} />
      </div>
      <Summary handshake={shown} />
      {shown.undecrypted !== undefined && (
        <p className={styles.warning} data-undecrypted>
          <strong>{t(TEXT.undecrypted)}</strong> {shown.undecrypted}
        </p>
      )}
      <p className={styles.scheme}>{t(ladder.scheme === 'tls13' ? TEXT.scheme13 : TEXT.scheme12)}</p>
      <div className={clsx(part.well, styles.well)}>
        <div className={styles.ends}>
          <span className={styles.end}>
            <strong>{t(TEXT.client)}</strong> <code>{shown.client}</code>
          </span>
          <span className={clsx(styles.end, styles.endServer)}>
            <strong>{t(TEXT.server(shown.server))}</strong>
          </span>
        </div>
        {/* Keyed by connection: another connection's rows start folded. */}
        <ol key={handshakeKey(shown)} className={styles.ladder}>
          {ladder.rows.map((row, index) => {
            const span = ladder.flights.find((f) => f.first === index);
            return (
              <Row
                // biome-ignore lint/suspicious/noArrayIndexKey: messages have no id; their order on the wire is it
                key={index}
                row={row}
                handshake={shown}
                flight={span === undefined ? undefined : FLIGHT_TEXT[span.flight]}
                {...props}
              />
            );
          })}
        </ol>
      </div>
      {ladder.skipped.length > 0 && (
        <ul className={styles.skipped}>
          {ladder.skipped.map((step) => (
            <li key={step}>{t(SKIPPED_TEXT[step])}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Nothing to draw yet: how to make a TLS connection, and, when the capture is off, why nothing can show. */
function EmptyHandshake({
  servers,
  capture,
}: {
  readonly servers: readonly ServerInfo[];
  readonly capture: CaptureStatus | undefined;
}): ReactNode {
  const t = useText();
  const server = firstTlsServer(servers) ?? servers[0];
  const off = capture?.state === 'unavailable' || capture?.state === 'stopped';
  return (
    <div className={styles.empty} data-handshake-empty>
      <p>{t(TEXT.empty)}</p>
      <pre className={styles.command}>connect --tls {server?.id ?? 'echo'}</pre>
      {server !== undefined && (
        <>
          <p>{t(TEXT.emptyOwn)}</p>
          <pre className={styles.command}>
            openssl s_client -connect {formatHostPort(server.host, server.port)} -CAfile socketlab-ca.pem -servername
            localhost
          </pre>
        </>
      )}
      {off && capture !== undefined && <p className={styles.warning}>{t(TEXT.captureOff(capture.reason))}</p>}
    </div>
  );
}

function Summary({ handshake }: { readonly handshake: TlsHandshake }): ReactNode {
  const t = useText();
  const { alert } = handshake;
  return (
    <p className={styles.summary}>
      {/* The version is the picker's, on the line above: the summary goes on from the suite. */}
      {[handshake.cipherSuite?.name, handshake.serverName && `SNI ${handshake.serverName}`]
        .filter((part) => part !== undefined && part !== '')
        .map((part) => `${part} · `)
        .join('')}
      <span className={handshake.complete ? styles.ok : styles.notDone}>
        {t(handshake.complete ? TEXT.complete : TEXT.incomplete)}
      </span>
      {handshake.clientCertificateRequested && <> · {t(TEXT.clientCertificate)}</>}
      {alert !== undefined && (
        <>
          {' · '}
          <span className={styles.alertText}>
            {t(
              TEXT.alertFrom(
                alert.from === 'to-server' ? TEXT.clientWord : TEXT.serverWord,
                `${alert.level} ${alert.description.name} (${alert.description.code})`,
              ),
            )}
          </span>
        </>
      )}
    </p>
  );
}

interface RowProps extends HandshakeViewProps {
  readonly row: TlsLadderRow;
  readonly handshake: TlsHandshake;
  /** The TLS 1.3 flight this row opens, if it opens one. */
  readonly flight: Localized | undefined;
}

function Row({ row, handshake, flight, packets, origin, selectedId, onOpen }: RowProps): ReactNode {
  const [open, setOpen] = useState(false);
  const t = useText();
  const { message } = row;
  const toServer = message.direction === 'to-server';
  const packet = packets.find((p) => p.id === message.packet);
  const time = formatPacketTime(message.time, origin);
  const isAlert = message.type === 'alert';
  const fieldsId = useId();
  return (
    <>
      {flight !== undefined && (
        <li className={styles.band} data-flight>
          <span className={clsx(styles.lane, styles.flight)}>{t(flight)}</span>
        </li>
      )}
      {row.firstEncrypted && (
        <li className={styles.band} data-lock={message.direction}>
          <span className={clsx(styles.lane, styles.lock, toServer ? styles.lockClient : styles.lockServer)}>
            <LockMark /> {t(toServer ? TEXT.lockClient : TEXT.lockServer)}
          </span>
        </li>
      )}
      <li
        className={clsx(
          styles.row,
          toServer ? styles.toServer : styles.fromServer,
          isAlert && styles.alert,
          message.encrypted && styles.encrypted,
          packet !== undefined && packet.id === selectedId && styles.selected,
        )}
        data-tls-type={message.type}
        data-label={row.label}
      >
        <span className={styles.time}>{t(TEXT.time(time))}</span>
        <button
          type="button"
          className={styles.arrow}
          disabled={packet === undefined}
          aria-pressed={packet !== undefined && packet.id === selectedId}
          aria-label={t(TEXT.arrow(time, toServer ? TEXT.toServer : TEXT.fromServer, row.label))}
          title={packet === undefined ? t(TEXT.packetGone) : t(TEXT.openPacket(message.packet))}
          onClick={() => packet !== undefined && onOpen(packet)}
        >
          <span className={styles.label}>
            {row.step !== undefined && <span className={styles.step}>{row.step}</span>}
            <span className={styles.name}>{row.name}</span>
            {message.encrypted && <LockMark label={t(TEXT.encrypted)} />}
          </span>
          <span className={styles.shaft} aria-hidden="true" />
        </button>
        <button
          type="button"
          className={styles.expand}
          aria-expanded={open}
          aria-controls={fieldsId}
          aria-label={t(TEXT.fields(row.name))}
          onClick={() => setOpen(!open)}
        >
          {open ? '▾' : '▸'}
        </button>
        {open && (
          <div id={fieldsId} className={styles.detail}>
            <p className={styles.explain}>{t(MESSAGE_TEXT[message.type])}</p>
            {message.encrypted && (
              <p className={styles.encryptedNote}>
                <LockMark /> {t(TEXT.encrypted)}
              </p>
            )}
            <Fields message={message} handshake={handshake} />
          </div>
        )}
      </li>
    </>
  );
}

/** The fields the message carries, in the order the RFCs list them; absent ones are left out. */
function Fields({ message, handshake }: { readonly message: TlsMessage; readonly handshake: TlsHandshake }): ReactNode {
  const t = useText();
  const rows: FieldRow[] = [];
  const add = (name: Localized, value: ReactNode | undefined) => {
    if (value !== undefined) rows.push([name, value]);
  };
  add(FIELD_TEXT.packet, String(message.packet));
  add(FIELD_TEXT.length, t(TEXT.bytes(message.length)));
  add(FIELD_TEXT.recordVersion, message.recordVersion);
  add(FIELD_TEXT.legacyVersion, message.legacyVersion);
  add(FIELD_TEXT.random, message.random === undefined ? undefined : <code>{hexBlocks(message.random)}</code>);
  add(FIELD_TEXT.sessionId, message.sessionId === undefined ? undefined : <code>{hexBlocks(message.sessionId)}</code>);
  add(FIELD_TEXT.cipherSuites, message.cipherSuites && <CodePoints points={message.cipherSuites} />);
  add(FIELD_TEXT.cipherSuite, message.cipherSuite && <code>{codePointText(message.cipherSuite)}</code>);
  add(FIELD_TEXT.selectedVersion, message.selectedVersion);
  add(FIELD_TEXT.supportedVersions, message.supportedVersions?.join(', '));
  add(FIELD_TEXT.serverName, message.serverName && <code>{message.serverName}</code>);
  add(FIELD_TEXT.alpn, message.alpn?.join(', '));
  add(FIELD_TEXT.keyShareGroups, message.keyShareGroups && <CodePoints points={message.keyShareGroups} />);
  add(FIELD_TEXT.namedGroup, message.namedGroup && <code>{codePointText(message.namedGroup)}</code>);
  add(
    FIELD_TEXT.signatureAlgorithm,
    message.signatureAlgorithm && <code>{codePointText(message.signatureAlgorithm)}</code>,
  );
  add(
    FIELD_TEXT.signatureAlgorithms,
    message.signatureAlgorithms && <CodePoints points={message.signatureAlgorithms} />,
  );
  add(FIELD_TEXT.keyExchange, message.keyExchange && t(TEXT[message.keyExchange]));
  if (message.certificates !== undefined) {
    add(FIELD_TEXT.certificates, <CertificateList message={message} handshake={handshake} />);
  }
  add(
    FIELD_TEXT.certificateAuthorities,
    message.certificateAuthorities && (
      <ul className={styles.list}>
        {message.certificateAuthorities.map((name) => (
          <li key={name}>{name}</li>
        ))}
      </ul>
    ),
  );
  add(
    FIELD_TEXT.ticketLifetime,
    message.ticketLifetime === undefined ? undefined : t(TEXT.seconds(message.ticketLifetime)),
  );
  add(
    FIELD_TEXT.alert,
    message.alert && (
      <span className={styles.alertText}>
        {message.alert.level} · {codePointText(message.alert.description)}
      </span>
    ),
  );
  add(FIELD_TEXT.extensions, message.extensions && <CodePoints points={message.extensions} />);
  return <FieldList rows={rows} />;
}

/** A list of code points, its first few and "… and N more" until asked for all. */
function CodePoints({ points }: { readonly points: readonly TlsCodePoint[] }): ReactNode {
  const [all, setAll] = useState(false);
  const t = useText();
  const { shown, hidden } = all ? { shown: points, hidden: 0 } : collapseList(points, LIST_KEEP);
  return (
    <span className={styles.points} data-count={points.length}>
      {shown.map((point, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a peer may repeat a code point; the list's order is its own
        <code key={index}>{codePointText(point)}</code>
      ))}
      {hidden > 0 && (
        <button type="button" className={styles.more} onClick={() => setAll(true)}>
          {t(TEXT.more(hidden))}
        </button>
      )}
    </span>
  );
}

/** A Certificate message's list, each with the subject the chain report read, or why it is empty. */
function CertificateList({ message, handshake }: { readonly message: TlsMessage; readonly handshake: TlsHandshake }) {
  const t = useText();
  const list = sentCertificates(message, chainOfMessage(handshake, message));
  if (list.length === 0) return <>{t(TEXT.noCertificate)}</>;
  return (
    <ul className={styles.list}>
      {list.map((item) => (
        <li key={item.index}>
          {t(TEXT.certificateItem(item.index, item.subject ?? t(TEXT.unreadSubject), item.bytes))}
        </li>
      ))}
    </ul>
  );
}
