/**
 * The instructor dashboard's body: the live feed (feed-connection.ts) folded into the dashboard's state
 * (dashboard-state.ts), shown as the join header, the roster grid and the drill-down of the watched student.
 * Not signed in (the feed refused), it says so and links to the sign-in page; when the feed drops, the page
 * keeps what it showed, says it is reconnecting, and picks up the roster again on its own. The clock that
 * drives "3 min ago" ticks every 15 seconds — often enough for minutes, rarely enough for a big class.
 */

import Link from '@docusaurus/Link';
import Heading from '@theme/Heading';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useLocale, useText } from '../../i18n/useText';
import { applyMessage, type DashboardState, EMPTY_STATE, startWatching } from './dashboard-state';
import { FeedConnection, type FeedStatus } from './feed-connection';
import JoinHeader from './JoinHeader';
import RosterGrid from './RosterGrid';
import StudentPanel from './StudentPanel';
import styles from './styles.module.css';
import { TEXT } from './text';

const TICK_MS = 15_000;

export default function InstructorDashboard(): ReactNode {
  const t = useText();
  const locale = useLocale();
  const [status, setStatus] = useState<FeedStatus>('connecting');
  const [state, setState] = useState<DashboardState>(EMPTY_STATE);
  const [invalid, setInvalid] = useState<string | undefined>(undefined);
  const [actionError, setActionError] = useState<string | undefined>(undefined);
  const [now, setNow] = useState(() => Date.now());
  const feed = useRef<FeedConnection | undefined>(undefined);

  useEffect(() => {
    const connection = new FeedConnection(locale, {
      onMessage: (message) => setState((before) => applyMessage(before, message, Date.now())),
      onStatus: setStatus,
      onInvalid: setInvalid,
    });
    feed.current = connection;
    return () => {
      connection.dispose();
      feed.current = undefined;
    };
  }, [locale]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  const watchedId = state.watch?.student;
  // The feed forgets the watched student when they are removed; the connection must forget them too.
  useEffect(() => {
    if (watchedId === undefined && feed.current !== undefined) feed.current.watch(null);
  }, [watchedId]);

  const watch = useCallback((student: string | undefined) => {
    setState((before) => startWatching(before, student));
    feed.current?.watch(student ?? null);
  }, []);
  const onWatch = useCallback(
    (student: string) => watch(student === watchedId ? undefined : student),
    [watch, watchedId],
  );

  let body: ReactNode;
  if (status === 'notSignedIn') {
    body = (
      <div data-not-signed-in="true">
        <p className={styles.warning} role="alert">
          {t(TEXT.notSignedIn)}
        </p>
        <Link className="button button--primary" to="/instructor/login/">
          {t(TEXT.signIn)}
        </Link>
      </div>
    );
  } else if (status === 'notClassroom') {
    body = <p className={styles.notice}>{t(TEXT.notClassroom)}</p>;
  } else if (state.joining === undefined) {
    body = <p className={styles.notice}>{t(status === 'reconnecting' ? TEXT.reconnecting : TEXT.connecting)}</p>;
  } else {
    const watched = state.watch;
    const student = watched === undefined ? undefined : state.students.find((row) => row.id === watched.student);
    body = (
      <>
        {status === 'reconnecting' && (
          <p className={styles.warning} role="status">
            {t(TEXT.reconnecting)}
          </p>
        )}
        {invalid !== undefined && <p className={styles.warning}>{t(TEXT.invalid(invalid))}</p>}
        {(actionError ?? state.error) !== undefined && (
          <p className={styles.warning} role="alert" data-testid="dashboard-error">
            {actionError ?? state.error}
          </p>
        )}
        <JoinHeader joining={state.joining} students={state.students} onError={setActionError} />
        <Heading as="h2">{t(TEXT.rosterHeading)}</Heading>
        <RosterGrid labs={state.labs} students={state.students} now={now} watched={watchedId} onWatch={onWatch} />
        {watched !== undefined && student !== undefined && (
          <StudentPanel
            student={student}
            labs={state.labs}
            watch={watched}
            onClose={() => watch(undefined)}
            onError={setActionError}
          />
        )}
      </>
    );
  }

  return (
    <main className={styles.page} data-dashboard={status}>
      <Heading as="h1">{t(TEXT.title)}</Heading>
      {body}
    </main>
  );
}
