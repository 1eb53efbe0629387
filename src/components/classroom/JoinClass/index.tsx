/**
 * The join page's body: a form with the join code (filled in from `?code=` when a student opens the link the
 * instructor projects) and a display name, the lab server's refusal shown under the field it is about, and once
 * joined, "You are <name>" with a button to leave. The name and every message from the server are rendered as
 * React text, never as HTML.
 */

import Link from '@docusaurus/Link';
import Heading from '@theme/Heading';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { useLocale, useText } from '../../i18n/useText';
import { type Answer, classroomRequest, type Me, type StudentView, UNREACHABLE } from '../classroom-api';
import FormField from '../FormField';
import styles from '../styles.module.css';
import { TEXT } from './text';

/** Which field a refusal is about: its message goes under that field. */
const CODE_ERRORS = new Set(['LAB_ERR_JOIN_CODE_WRONG', 'LAB_ERR_JOIN_CLOSED', 'LAB_ERR_JOIN_RATE_LIMITED']);
const NAME_ERRORS = new Set(['LAB_ERR_NAME_INVALID', 'LAB_ERR_NAME_TAKEN', 'LAB_ERR_JOIN_ALREADY']);

type Refusal = { readonly field: 'code' | 'name' | 'form'; readonly message: string };

export default function JoinClass(): ReactNode {
  const t = useText();
  const locale = useLocale();
  const [me, setMe] = useState<Me | undefined>(undefined);
  const [unavailable, setUnavailable] = useState<'notClassroom' | 'unreachable' | undefined>(undefined);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | undefined>(undefined);

  useEffect(() => {
    const fromLink = new URLSearchParams(window.location.search).get('code');
    if (fromLink !== null) setCode(fromLink.slice(0, 16));
    let live = true;
    classroomRequest<Me>('/api/classroom/me', locale).then((answer) => {
      if (!live) return;
      if (answer.ok) setMe(answer.body);
      else setUnavailable(answer.code === 'LAB_ERR_NOT_FOUND' ? 'notClassroom' : 'unreachable');
    });
    return () => {
      live = false;
    };
  }, [locale]);

  const refuse = (answer: Extract<Answer<unknown>, { ok: false }>): void => {
    if (answer.code === UNREACHABLE) {
      setRefusal({ field: 'form', message: t(TEXT.unreachable) });
      return;
    }
    const field = CODE_ERRORS.has(answer.code) ? 'code' : NAME_ERRORS.has(answer.code) ? 'name' : 'form';
    setRefusal({ field, message: answer.message });
  };

  const join = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setRefusal(undefined);
    const answer = await classroomRequest<{ student: StudentView }>('/api/classroom/join', locale, { code, name });
    setBusy(false);
    if (answer.ok) setMe({ role: 'student', student: answer.body.student, joining: me?.joining ?? { open: true } });
    else refuse(answer);
  };

  const leave = async (): Promise<void> => {
    if (!window.confirm(t(TEXT.leaveConfirm))) return;
    setBusy(true);
    const answer = await classroomRequest<Me>('/api/classroom/leave', locale, {});
    setBusy(false);
    if (answer.ok) {
      setMe(answer.body);
      setName('');
      setRefusal(undefined);
    } else refuse(answer);
  };

  let body: ReactNode;
  if (unavailable !== undefined) {
    body = <p className={styles.notice}>{t(TEXT[unavailable])}</p>;
  } else if (me === undefined) {
    body = <p className={styles.notice}>{t(TEXT.checking)}</p>;
  } else if (me.student !== undefined) {
    body = (
      <div className={styles.joined} data-joined="true">
        <p className={styles.youAre}>
          {t(TEXT.youAre)} <strong data-student-name="">{me.student.name}</strong>
        </p>
        <p>{t(TEXT.joinedLead)}</p>
        <div className={styles.actions}>
          <Link className="button button--primary" to="/docs/intro">
            {t(TEXT.start)}
          </Link>
          <button type="button" className="button button--secondary" disabled={busy} onClick={leave}>
            {t(TEXT.leave)}
          </button>
        </div>
        {refusal !== undefined && <p className={styles.error}>{refusal.message}</p>}
      </div>
    );
  } else {
    const errorOf = (field: Refusal['field']): string | undefined =>
      refusal?.field === field ? refusal.message : undefined;
    body = (
      <form className={styles.form} onSubmit={join} noValidate>
        {me.role === 'instructor' && <p className={styles.notice}>{t(TEXT.instructor)}</p>}
        {!me.joining.open && <p className={styles.notice}>{t(TEXT.closed)}</p>}
        <FormField
          label={t(TEXT.code)}
          hint={t(TEXT.codeHint)}
          error={errorOf('code')}
          name="code"
          value={code}
          onValue={setCode}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={16}
          required
        />
        <FormField
          label={t(TEXT.name)}
          hint={t(TEXT.nameHint)}
          error={errorOf('name')}
          name="name"
          value={name}
          onValue={setName}
          autoComplete="name"
          maxLength={80}
          required
        />
        {refusal?.field === 'form' && (
          <p className={styles.error} role="alert">
            {refusal.message}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {t(busy ? TEXT.joining : TEXT.join)}
        </button>
      </form>
    );
  }

  return (
    <main className={styles.page}>
      <Heading as="h1">{t(TEXT.title)}</Heading>
      {me?.student === undefined && unavailable === undefined && <p className={styles.lead}>{t(TEXT.lead)}</p>}
      {body}
    </main>
  );
}
