/**
 * The lab panel: one lab session on the page. It owns the connection to the lab server (created on mount,
 * disposed on unmount, which ends the socket and every timer), folds what the connection reports into the
 * panel state (packets in batches, so a flood costs a few renders a second), and lays out the parts: header
 * with the connection state, the lab's servers with ways to reach them, what a TLS lab's own programs download
 * from the class PKI, the terminal, the checks and capture questions, and the timeline: packets, ladder, TLS
 * handshake, certificates and server log while packets are captured, or the server log alone with a notice
 * saying why there is no capture (and a TLS lab's handshake and certificate tabs beside it). This module is the
 * root of the lazily loaded lab chunk.
 */

import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import clsx from 'clsx';
import { type ReactNode, useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import { Batcher } from '../../lab-client/batcher';
import type { DockMode } from '../../lab-client/dock-layout';
import { eventLine } from '../../lab-client/event-format';
import { LabConnection } from '../../lab-client/lab-connection';
import { announceLabDone } from '../../lab-client/lab-progress';
import { captureDownloadUrl, labServerUrl } from '../../lab-client/lab-server-url';
import { INITIAL_LAB_STATE, type LabViewState, labReducer } from '../../lab-client/lab-state';
import { browserSessionStorage } from '../../lab-client/resume-store';
import { testHook } from '../../lab-client/test-hook';
import { type InspectRequest, inspectRefusal } from '../../lab-client/tls-state';
import type { Packet, ViewId } from '../../protocol';
import CaptureNotice from '../CaptureNotice';
import CaptureQuestions from '../CaptureQuestions';
import CheckList from '../CheckList';
import { StatusBadge, StatusBanner } from '../ConnectionStatus';
import EventLog from '../EventLog';
import FaultControls from '../FaultControls';
import { useLocale, useText } from '../i18n/useText';
import LabNotices from '../LabNotices';
import LabSteps, { type LabStepSpec } from '../LabSteps';
import LabTerminal from '../LabTerminal';
import PacketTimeline from '../PacketTimeline';
import PkiDownloads from '../PkiDownloads';
import ServerList from '../ServerList';
import type { SessionRecord } from '../views/registry';
import styles from './styles.module.css';
import { TEXT } from './text';

export interface LabPanelProps {
  readonly id: string;
  /** The lesson's steps for this lab, ticked as their checks pass. */
  readonly steps?: readonly LabStepSpec[];
  /** Where the panel is shown (see LabDock), and how to move it; undefined for a panel shown where it is. */
  readonly layout?: { readonly mode: DockMode; readonly setMode: (mode: 'docked' | 'inline') => void } | undefined;
}

export default function LabPanel({ id, steps = [], layout }: LabPanelProps): ReactNode {
  const { siteConfig } = useDocusaurusContext();
  const locale = useLocale();
  const t = useText();
  const configuredUrl = siteConfig.customFields?.labServerWs;
  const [connection, setConnection] = useState<LabConnection>();
  const [state, dispatch] = useReducer(labReducer, INITIAL_LAB_STATE);
  const url = useMemo(() => labServerUrl(configuredUrl, window.location), [configuredUrl]);

  useEffect(() => {
    const created = new LabConnection({ lab: id, url, locale, storage: browserSessionStorage() });
    const packets = new Batcher<Packet>((batch) => dispatch({ type: 'packets', packets: batch }));
    const subscriptions = [
      created.onStatus((status) => dispatch({ type: 'status', status })),
      created.onWelcome((welcome) => {
        // Packets still queued came before this welcome: in order before it, or dropped by it (a new session).
        packets.flushNow();
        dispatch({ type: 'welcome', welcome });
      }),
      created.onCheck((check) => dispatch({ type: 'check', check })),
      created.onQuestion((question) => dispatch({ type: 'question', question })),
      created.onFault((fault) => dispatch({ type: 'fault', fault })),
      created.onEvent((event) => dispatch({ type: 'event', event })),
      created.onPacket((packet) => packets.push(packet)),
      created.onCapture((capture) => dispatch({ type: 'capture', capture })),
      created.onGap((gap) => dispatch({ type: 'gap', gap })),
      created.onTls((handshake) => dispatch({ type: 'tls', handshake })),
      created.onCertificate((report) => dispatch({ type: 'certificate', report })),
      created.onNotice((notice) => dispatch({ type: 'notice', notice })),
    ];
    // Back online after a network change: try now instead of waiting out the backoff.
    const windowOnOnline = (): void => created.retryNow();
    window.addEventListener('online', windowOnOnline);
    setConnection(created);
    return () => {
      window.removeEventListener('online', windowOnOnline);
      for (const subscription of subscriptions) subscription.dispose();
      packets.dispose();
      created.dispose();
    };
  }, [id, url, locale]);

  // Started in its own effect: React runs the children's effects first, so the terminal has subscribed to the
  // output before the first byte can arrive.
  useEffect(() => {
    connection?.start();
  }, [connection]);

  useEffect(() => {
    const hook = testHook();
    if (hook === undefined) return;
    hook.status[id] = state.status.state;
    hook.checks[id] = state.checks;
    hook.servers[id] = state.servers;
    hook.events[id] = state.events.map((event) => t(eventLine(event, state.servers.length > 1)));
    hook.packets[id] = state.packets;
    hook.questions[id] = state.questions;
    hook.handshakes[id] = state.handshakes;
    hook.inspection[id] = state.inspection;
    if (state.capture !== undefined) hook.capture[id] = state.capture;
  }, [
    id,
    t,
    state.status,
    state.checks,
    state.servers,
    state.events,
    state.packets,
    state.questions,
    state.capture,
    state.handshakes,
    state.inspection,
  ]);

  // The sidebar marks this lesson done as soon as the lab's last check passed (the lab server saved it first).
  const allPassed = state.checks.length > 0 && state.checks.every((check) => check.state === 'passed');
  useEffect(() => {
    if (allPassed) announceLabDone(id);
  }, [allPassed, id]);

  const retry = useCallback(() => connection?.retryNow(), [connection]);
  const dismiss = useCallback((key: number) => dispatch({ type: 'dismiss-notice', key }), []);
  const answer = useCallback(
    (question: string, value: string) => connection?.sendAnswer(question, value) ?? false,
    [connection],
  );
  const live = state.status.state === 'live';
  const inspect = useCallback(
    (request: InspectRequest) => {
      const refused = inspectRefusal(request);
      if (refused !== undefined) dispatch({ type: 'inspect-refused', notice: refused });
      else if (connection?.inspectCertificate(request) === true) dispatch({ type: 'inspect' });
    },
    [connection],
  );
  const title = state.lab?.title ?? id;
  const showPackets = hasPacketView(state);
  const session: SessionRecord = useMemo(
    () => ({
      lab: id,
      packets: state.packets,
      gaps: state.gaps,
      firstNumber: state.firstPacketNumber,
      timeOrigin: state.timeOrigin,
      servers: state.servers,
      events: state.events,
      handshakes: state.handshakes,
      inspection: state.inspection,
    }),
    [
      id,
      state.packets,
      state.gaps,
      state.firstPacketNumber,
      state.timeOrigin,
      state.servers,
      state.events,
      state.handshakes,
      state.inspection,
    ],
  );
  const views = state.lab?.views ?? DEFAULT_PANEL_VIEWS;
  // Without a capture the certificate viewer still reads a pasted certificate, and the handshake view says why
  // it has nothing: the TLS views stay, as tabs of their own, beside the server log.
  const tlsViews = views.filter((view) => view === 'handshake' || view === 'certificates');
  const downloadUrl =
    state.captureFile === undefined || !showPackets ? undefined : captureDownloadUrl(state.captureFile, url);
  const questions = (
    <CaptureQuestions questions={state.questions} onAnswer={answer} live={live} capture={state.capture} />
  );
  const timeline = (shown: readonly ViewId[], download: string | undefined) => (
    <PacketTimeline
      session={session}
      views={shown}
      capture={state.capture}
      downloadUrl={download}
      onInspectCertificate={live ? inspect : undefined}
    />
  );
  const docked = layout?.mode === 'docked';
  const stepList = <LabSteps steps={steps} checks={state.checks} />;

  return (
    <section className={styles.panel} aria-label={t(TEXT.region(title))} data-lab={id} data-status={state.status.state}>
      <header className={styles.header}>
        <div className={styles.heading}>
          <span className={styles.kicker}>{t(TEXT.kicker)}</span>
          <h3 className={styles.title}>{title}</h3>
        </div>
        <div className={styles.headerTools}>
          {layout !== undefined && layout.mode !== 'sheet' && (
            <button
              type="button"
              className="button button--sm button--secondary"
              onClick={() => layout.setMode(docked ? 'inline' : 'docked')}
              title={t(docked ? TEXT.undockTitle : TEXT.dockTitle)}
            >
              {t(docked ? TEXT.undock : TEXT.dock)}
            </button>
          )}
          <StatusBadge status={state.status} />
        </div>
      </header>
      <StatusBanner status={state.status} onRetry={retry} />
      <LabNotices notices={state.notices.filter((notice) => !notice.fatal)} onDismiss={dismiss} />
      <div className={styles.body}>
        {stepList}
        {/* A session that failed before its welcome has no servers to wait for. */}
        {(state.servers.length > 0 || state.status.state !== 'failed') && (
          <ServerList servers={state.servers} waiting={state.lab === undefined} />
        )}
        {state.pki !== undefined && <PkiDownloads pki={state.pki} wsUrl={url} />}
        <FaultControls
          faults={state.faults}
          servers={state.servers}
          live={state.status.state === 'live'}
          onSet={(fault, value) => connection?.setFault(fault.kind, fault.server, value) ?? false}
        />
        <LabTerminal lab={id} connection={connection} state={state.status.state} />
        {/* Docked, the checks come right under the terminal, one line each, so steps, terminal and checks fit
            the window together; the questions and the packets follow below. */}
        {docked && <CheckList checks={state.checks} compact />}
        {showPackets ? (
          <>
            {docked ? (
              state.questions.length > 0 && questions
            ) : state.questions.length > 0 ? (
              <div className={clsx(styles.columns, styles.columnsEven)}>
                <CheckList checks={state.checks} />
                {questions}
              </div>
            ) : (
              <CheckList checks={state.checks} />
            )}
            <CaptureNotice capture={state.capture} hasPackets={state.packets.length > 0} />
            {timeline(views, downloadUrl)}
          </>
        ) : (
          <>
            <div className={styles.columns}>
              <div className={styles.stack}>
                {!docked && <CheckList checks={state.checks} />}
                {questions}
              </div>
              <div className={styles.stack}>
                <CaptureNotice capture={state.capture} />
                <EventLog events={state.events} showServer={state.servers.length > 1} timeOrigin={state.timeOrigin} />
              </div>
            </div>
            {tlsViews.length > 0 && timeline(tlsViews, undefined)}
          </>
        )}
      </div>
    </section>
  );
}

/**
 * Packets, ladder and server log as tabs while the session captures (or is about to, or has packets from
 * before a restart); the server log alone when there is no capture, or before the welcome says.
 */
/** Before the welcome says which views the lab has: the packet list, which every captured lab shows. */
const DEFAULT_PANEL_VIEWS: readonly ViewId[] = ['packets'];

function hasPacketView(state: LabViewState): boolean {
  const capture = state.capture?.state;
  if (capture === undefined) return false;
  return capture === 'running' || capture === 'starting' || capture === 'restarting' || state.packets.length > 0;
}
