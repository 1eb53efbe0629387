/**
 * The lab panel: one lab session on the page. It owns the connection to the lab server (created on mount,
 * disposed on unmount, which ends the socket and every timer), folds what the connection reports into the
 * panel state, and lays out the parts: header with the connection state, the lab's servers with ways to reach
 * them, the terminal, the checks and the server log. This module is the root of the lazily loaded lab chunk.
 */

import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import { type ReactNode, useCallback, useEffect, useReducer, useState } from 'react';
import { eventLine } from '../../lab-client/event-format';
import { LabConnection } from '../../lab-client/lab-connection';
import { labServerUrl } from '../../lab-client/lab-server-url';
import { INITIAL_LAB_STATE, labReducer } from '../../lab-client/lab-state';
import { browserSessionStorage } from '../../lab-client/resume-store';
import { testHook } from '../../lab-client/test-hook';
import CheckList from '../CheckList';
import { StatusBadge, StatusBanner } from '../ConnectionStatus';
import EventLog from '../EventLog';
import LabNotices from '../LabNotices';
import LabTerminal from '../LabTerminal';
import ServerList from '../ServerList';
import styles from './styles.module.css';

export interface LabPanelProps {
  readonly id: string;
}

export default function LabPanel({ id }: LabPanelProps): ReactNode {
  const { siteConfig } = useDocusaurusContext();
  const configuredUrl = siteConfig.customFields?.labServerWs;
  const [connection, setConnection] = useState<LabConnection>();
  const [state, dispatch] = useReducer(labReducer, INITIAL_LAB_STATE);

  useEffect(() => {
    const created = new LabConnection({
      lab: id,
      url: labServerUrl(configuredUrl, window.location),
      storage: browserSessionStorage(),
    });
    const subscriptions = [
      created.onStatus((status) => dispatch({ type: 'status', status })),
      created.onWelcome((welcome) => dispatch({ type: 'welcome', welcome })),
      created.onCheck((check) => dispatch({ type: 'check', check })),
      created.onEvent((event) => dispatch({ type: 'event', event })),
      created.onNotice((notice) => dispatch({ type: 'notice', notice })),
    ];
    // Back online after a network change: try now instead of waiting out the backoff.
    const windowOnOnline = (): void => created.retryNow();
    window.addEventListener('online', windowOnOnline);
    setConnection(created);
    return () => {
      window.removeEventListener('online', windowOnOnline);
      for (const subscription of subscriptions) subscription.dispose();
      created.dispose();
    };
  }, [id, configuredUrl]);

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
    hook.events[id] = state.events.map((event) => eventLine(event, state.servers.length > 1));
  }, [id, state.status, state.checks, state.servers, state.events]);

  const retry = useCallback(() => connection?.retryNow(), [connection]);
  const dismiss = useCallback((key: number) => dispatch({ type: 'dismiss-notice', key }), []);
  const title = state.lab?.title ?? id;

  return (
    <section className={styles.panel} aria-label={`Lab: ${title}`} data-lab={id} data-status={state.status.state}>
      <header className={styles.header}>
        <div className={styles.heading}>
          <span className={styles.kicker}>Lab</span>
          <h3 className={styles.title}>{title}</h3>
        </div>
        <StatusBadge status={state.status} />
      </header>
      <StatusBanner status={state.status} onRetry={retry} />
      <LabNotices notices={state.notices.filter((notice) => !notice.fatal)} onDismiss={dismiss} />
      <div className={styles.body}>
        {/* A session that failed before its welcome has no servers to wait for. */}
        {(state.servers.length > 0 || state.status.state !== 'failed') && (
          <ServerList servers={state.servers} waiting={state.lab === undefined} />
        )}
        <LabTerminal lab={id} connection={connection} state={state.status.state} />
        <div className={styles.columns}>
          <CheckList checks={state.checks} />
          <EventLog events={state.events} showServer={state.servers.length > 1} />
        </div>
      </div>
    </section>
  );
}
