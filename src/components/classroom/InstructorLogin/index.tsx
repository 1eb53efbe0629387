/**
 * The instructor's sign-in page. The one-time token comes in the URL's fragment (`#token=…`), which a browser
 * sends to no server and puts in no Referer, so it never reaches a log; the page takes it, removes it from the
 * address bar and the history at once, and spends it. Without a token, a password field signs in with
 * INSTRUCTOR_PASSWORD. Once signed in, the page links to the instructor's dashboard.
 */

import Link from '@docusaurus/Link';
import Heading from '@theme/Heading';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { useLocale, useText } from '../../i18n/useText';
import { classroomRequest, type Me, UNREACHABLE } from '../classroom-api';
import FormField from '../FormField';
import styles from '../styles.module.css';
import { TEXT } from './text';

type State = 'checking' | 'signingIn' | 'form' | 'signedIn' | 'notClassroom' | 'unreachable';

export default function InstructorLogin(): ReactNode {
  const t = useText();
  const locale = useLocale();
  const [state, setState] = useState<State>('checking');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [signedOut, setSignedOut] = useState(false);

  useEffect(() => {
    const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
    let live = true;
    const show = (answer: { ok: false; code: string; message: string }): void => {
      if (answer.code === 'LAB_ERR_NOT_FOUND') setState('notClassroom');
      else if (answer.code === UNREACHABLE) setState('unreachable');
      else {
        setError(answer.message);
        setState('form');
      }
    };
    if (token !== null) {
      // Out of the address bar and the history before anything else: the token is spent, and a screenshot or a
      // synced history must not hold it.
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
      setState('signingIn');
      classroomRequest<{ role: string }>('/api/instructor/login', locale, { token }).then((answer) => {
        if (!live) return;
        if (answer.ok) setState('signedIn');
        else show(answer);
      });
    } else {
      classroomRequest<Me>('/api/classroom/me', locale).then((answer) => {
        if (!live) return;
        if (answer.ok) setState(answer.body.role === 'instructor' ? 'signedIn' : 'form');
        else show(answer);
      });
    }
    return () => {
      live = false;
    };
  }, [locale]);

  const signIn = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const answer = await classroomRequest<{ role: string }>('/api/instructor/login', locale, { password });
    setBusy(false);
    if (answer.ok) {
      setPassword('');
      setState('signedIn');
    } else setError(answer.code === UNREACHABLE ? t(TEXT.unreachable) : answer.message);
  };

  const signOut = async (): Promise<void> => {
    setBusy(true);
    const answer = await classroomRequest<{ role: string }>('/api/instructor/logout', locale, {});
    setBusy(false);
    if (answer.ok) {
      setSignedOut(true);
      setState('form');
    } else setError(answer.message);
  };

  let body: ReactNode;
  if (state === 'checking' || state === 'signingIn') {
    body = <p className={styles.notice}>{t(state === 'signingIn' ? TEXT.signingIn : TEXT.lead)}</p>;
  } else if (state === 'notClassroom' || state === 'unreachable') {
    body = <p className={styles.notice}>{t(TEXT[state])}</p>;
  } else if (state === 'signedIn') {
    body = (
      <div data-signed-in="true">
        <p className={styles.youAre}>{t(TEXT.signedIn)}</p>
        <div className={styles.actions}>
          <Link className="button button--primary" to="/instructor/">
            {t(TEXT.dashboard)}
          </Link>
          <button type="button" className="button button--secondary" disabled={busy} onClick={signOut}>
            {t(TEXT.signOut)}
          </button>
        </div>
        {error !== undefined && <p className={styles.error}>{error}</p>}
      </div>
    );
  } else {
    body = (
      <form className={styles.form} onSubmit={signIn} noValidate>
        {signedOut && <p className={styles.notice}>{t(TEXT.signedOut)}</p>}
        <p className={styles.lead}>{t(TEXT.lead)}</p>
        <FormField
          label={t(TEXT.password)}
          error={error}
          type="password"
          name="password"
          value={password}
          onValue={setPassword}
          autoComplete="current-password"
          required
        />
        <button type="submit" className="button button--primary" disabled={busy || password === ''}>
          {t(TEXT.signIn)}
        </button>
      </form>
    );
  }

  return (
    <main className={styles.page}>
      <Heading as="h1">{t(TEXT.title)}</Heading>
      {body}
    </main>
  );
}
