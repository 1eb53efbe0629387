/**
 * socketlab's own 404 page, in place of Docusaurus's "contact the owner of the site" (there is no owner to
 * contact: the course runs on the student's machine or their class's server). It says what happened in the
 * course's words and where to go on: the first lesson, the lesson list, the reference — in the page's language,
 * from `text.ts` beside it.
 */

import Link from '@docusaurus/Link';
import type { Props } from '@theme/NotFound/Content';
import clsx from 'clsx';
import type { ReactNode } from 'react';
import { useText } from '../../../components/i18n/useText';
import styles from './styles.module.css';
import { TEXT } from './text';

export default function NotFoundContent({ className }: Props): ReactNode {
  const t = useText();
  return (
    <main className={clsx('container margin-vert--xl', className)}>
      <div className="row">
        <div className="col col--8 col--offset-2">
          <p className={styles.code} aria-hidden="true">
            connect() = -1 ENOENT
          </p>
          <h1 className="hero__title">{t(TEXT.title)}</h1>
          <p>{t(TEXT.explain)}</p>
          <ul className={styles.links}>
            <li>
              <Link to="/docs/tcp/first-connection">{t(TEXT.firstLesson)}</Link>
            </li>
            <li>
              <Link to="/docs/intro">{t(TEXT.course)}</Link>
            </li>
            <li>
              <Link to="/docs/reference">{t(TEXT.reference)}</Link>
            </li>
          </ul>
        </div>
      </div>
    </main>
  );
}
