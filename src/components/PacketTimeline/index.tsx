/**
 * The session's timeline when packets are captured: a tab for each view the lab declares (`views/registry`:
 * "Packets", the Wireshark-like list with its display filter; "Ladder", one TCP connection or UDP flow as a
 * ladder diagram or all of them as a flow graph; "Follow stream", one connection's bytes reassembled; "Server
 * timeline", the socket events of the lab's servers), a link that downloads the whole capture as pcapng for
 * Wireshark, and the detail of the packet the student opened from the list or the ladder. Every view tells one
 * story: the connection numbers are the session's (#1, #2 … in the list, the ladder, the stream and the server
 * timeline alike; a UDP flow's is the one the server timeline gives it), and times count from one origin, which
 * the header names. It owns which connection or flow the ladder shows and which connection the stream shows (the
 * newest, until the student picks one; kept while the student switches tabs), the display filter (kept per lab
 * for the tab's life), and publishes the ladder's labels to the test hook.
 */

import clsx from 'clsx';
import { type KeyboardEvent, type ReactNode, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { loadFilter, saveFilter } from '../../lab-client/filter-store';
import {
  buildFlowGraph,
  buildLadder,
  byFirstPacket,
  type LadderConnection,
  latestConnection,
  tcpConnections,
  udpFlows,
} from '../../lab-client/ladder';
import { browserSessionStorage } from '../../lab-client/resume-store';
import { testHook } from '../../lab-client/test-hook';
import { originCaption } from '../../lab-client/time-origin';
import { buildTlsLadder } from '../../lab-client/tls-ladder';
import { handshakeKey, type InspectRequest } from '../../lab-client/tls-state';
import type { CaptureStatus, Packet, TlsHandshake, ViewId } from '../../protocol';
import { useText } from '../i18n/useText';
import type { LadderView } from '../LadderDiagram';
import PacketDetail from '../PacketDetail';
import { type OpenedPacket, SESSION_VIEWS, type SessionRecord, type ViewContext } from '../views/registry';
import styles from './styles.module.css';
import { TEXT } from './text';

export interface PacketTimelineProps {
  readonly session: SessionRecord;
  /** The views the lab declares, in the order of their tabs (see `views/registry`). */
  readonly views: readonly ViewId[];
  readonly capture: CaptureStatus | undefined;
  /** Where the session's pcapng downloads from; undefined hides the link. */
  readonly downloadUrl: string | undefined;
  /** Sends a pasted certificate for a report (the certificate viewer); undefined while not live. */
  readonly onInspectCertificate?: ((request: InspectRequest) => void) | undefined;
}

export default function PacketTimeline({
  session,
  views,
  capture,
  downloadUrl,
  onInspectCertificate,
}: PacketTimelineProps): ReactNode {
  const { lab, packets, firstNumber, timeOrigin, servers, events } = session;
  const tabs = views.map((view) => SESSION_VIEWS[view]);
  const [chosenTab, setTab] = useState<ViewId>();
  const tab = tabs.find((view) => view.id === chosenTab) ?? tabs[0];
  const [opened, setOpened] = useState<OpenedPacket>();
  const [chosenConnection, setChosenConnection] = useState<number>();
  const [streamConnection, setStreamConnection] = useState<number>();
  const [ladderView, setLadderView] = useState<LadderView>('ladder');
  const [chosenHandshake, setChosenHandshake] = useState<string>();
  const [filter, setFilter] = useState(() => loadFilter(browserSessionStorage(), lab));
  const tabRefs = useRef(new Map<ViewId, HTMLButtonElement>());
  const baseId = useId();
  const t = useText();

  // Follow stream reassembles TCP only; the ladder and the flow graph draw the UDP flows beside the connections.
  const connections = useMemo(() => tcpConnections(packets, servers), [packets, servers]);
  const ladderConnections = useMemo(
    () => byFirstPacket(connections, udpFlows(packets, servers, events)),
    [connections, packets, servers, events],
  );
  const shownConnection = pick(ladderConnections, chosenConnection);
  const ladder = useMemo(
    () => (shownConnection === undefined ? undefined : buildLadder(shownConnection)),
    [shownConnection],
  );
  const flow = useMemo(() => buildFlowGraph(ladderConnections), [ladderConnections]);
  const handshake = pickHandshake(session.handshakes, chosenHandshake);
  const caption = originCaption(timeOrigin);

  const changeFilter = useCallback(
    (text: string) => {
      setFilter(text);
      saveFilter(browserSessionStorage(), lab, text);
    },
    [lab],
  );
  const followInStream = useCallback((packet: Packet) => {
    if (packet.tcp === undefined) return;
    setStreamConnection(packet.tcp.connection);
    setTab('stream');
  }, []);
  const follow = views.includes('stream') ? followInStream : undefined;

  useEffect(() => {
    const hook = testHook();
    if (hook === undefined) return;
    hook.ladder[lab] = ladder?.arrows.map((arrow) => arrow.label) ?? [];
  }, [lab, ladder]);

  useEffect(() => {
    const hook = testHook();
    if (hook === undefined) return;
    hook.handshake[lab] = handshake === undefined ? [] : buildTlsLadder(handshake).rows.map((row) => row.label);
  }, [lab, handshake]);

  useEffect(
    () => () => {
      const hook = testHook();
      if (hook === undefined) return;
      delete hook.ladder[lab];
      delete hook.handshake[lab];
    },
    [lab],
  );

  const open = useCallback(
    (packet: Packet, number?: number) => {
      // From the ladder the number is not known: it is the packet's place in the session's list.
      const index = packets.findIndex((p) => p.id === packet.id);
      setOpened({ packet, number: number ?? (index === -1 ? 0 : firstNumber + index) });
    },
    [packets, firstNumber],
  );
  const closePacket = useCallback(() => setOpened(undefined), []);

  const context: ViewContext = {
    ...session,
    connections,
    ladderConnections,
    emptyText: t(capture?.state === 'running' ? TEXT.emptyRunning : TEXT.emptyWaiting),
    opened,
    open,
    closePacket,
    follow,
    filter,
    changeFilter,
    ladder,
    flow,
    chooseLadderConnection: setChosenConnection,
    ladderView,
    changeLadderView: setLadderView,
    streamConnection: pick(connections, streamConnection),
    chooseStreamConnection: setStreamConnection,
    capture,
    handshake,
    chooseHandshake: setChosenHandshake,
    inspectCertificate: onInspectCertificate,
  };

  const tablistOnKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = tabs.findIndex((item) => item.id === tab?.id);
    let next: number | undefined;
    if (event.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (event.key === 'ArrowLeft') next = (index + tabs.length - 1) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    const target = next === undefined ? undefined : tabs[next]?.id;
    if (target === undefined) return;
    event.preventDefault();
    setTab(target);
    tabRefs.current.get(target)?.focus();
  };

  if (tab === undefined) return null;
  return (
    <section className={styles.timeline} aria-label={t(TEXT.timeline)} data-tab={tab.id}>
      <div className={styles.bar}>
        <div className={styles.tabs} role="tablist" aria-label={t(TEXT.views)} onKeyDown={tablistOnKeyDown}>
          {tabs.map((item) => {
            const badge = item.badge?.(context);
            return (
              <button
                key={item.id}
                ref={(element) => {
                  if (element === null) tabRefs.current.delete(item.id);
                  else tabRefs.current.set(item.id, element);
                }}
                type="button"
                role="tab"
                id={`${baseId}-tab-${item.id}`}
                aria-selected={tab.id === item.id}
                aria-controls={`${baseId}-panel`}
                tabIndex={tab.id === item.id ? 0 : -1}
                className={clsx(styles.tab, tab.id === item.id && styles.tabActive)}
                onClick={() => setTab(item.id)}
              >
                {t(item.label)}
                {badge !== undefined && <span className={styles.count}>{badge}</span>}
              </button>
            );
          })}
        </div>
        {downloadUrl !== undefined && (
          <a className={styles.download} href={downloadUrl} download>
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              <path d="M8 2v8M4.5 6.5L8 10l3.5-3.5M3 13h10" fill="none" stroke="currentColor" strokeWidth="1.6" />
            </svg>
            {t(TEXT.download)}
          </a>
        )}
      </div>
      {caption !== undefined && (
        <p className={styles.origin} data-origin={timeOrigin.kind}>
          {t(caption)}
        </p>
      )}
      <div id={`${baseId}-panel`} role="tabpanel" aria-labelledby={`${baseId}-tab-${tab.id}`} className={styles.panel}>
        {tab.render(context)}
        {tab.showsPacketDetail && opened !== undefined && (
          <PacketDetail
            packet={opened.packet}
            number={opened.number}
            origin={timeOrigin.at}
            onClose={closePacket}
            onFollow={follow}
          />
        )}
      </div>
    </section>
  );
}

/** The TLS connection the student picked, while it is still held; otherwise the newest. */
function pickHandshake(handshakes: readonly TlsHandshake[], chosen: string | undefined): TlsHandshake | undefined {
  return handshakes.find((h) => handshakeKey(h) === chosen) ?? handshakes[handshakes.length - 1];
}

/**
 * The connection or flow the student picked, while it is still held; otherwise the one with the newest packet.
 * Numbers are unique among a session's connections and flows, so one number names either.
 */
function pick(connections: readonly LadderConnection[], chosen: number | undefined): LadderConnection | undefined {
  return connections.find((connection) => connection.connection === chosen) ?? latestConnection(connections);
}
