/**
 * socketlab's own 404 page, in place of Docusaurus's "contact the owner of the site" (there is no owner to
 * contact: the course runs on the student's machine or their class's server). It says what happened in the
 * course's words and where to go on: the first lesson, the lesson list, the reference — in both languages.
 */

import Link from '@docusaurus/Link';
import Translate from '@docusaurus/Translate';
import type { Props } from '@theme/NotFound/Content';
import clsx from 'clsx';
import type { ReactNode } from 'react';
import styles from './styles.module.css';

export default function NotFoundContent({ className }: Props): ReactNode {
  return (
    <main className={clsx('container margin-vert--xl', className)}>
      <div className="row">
        <div className="col col--8 col--offset-2">
          <p className={styles.code} aria-hidden="true">
            connect() = -1 ENOENT
          </p>
          <h1 className="hero__title">
            <Translate id="socketlab.notFound.title" description="The 404 page's title">
              No page at this address
            </Translate>
          </h1>
          <p>
            <Translate id="socketlab.notFound.explain" description="The 404 page: what happened">
              This course has no page here. The link may be from an older version of the course, or the address was
              mistyped.
            </Translate>
          </p>
          <ul className={styles.links}>
            <li>
              <Link to="/docs/tcp/first-connection">
                <Translate id="socketlab.notFound.firstLesson" description="The 404 page: link to the first lesson">
                  Start with the first lesson: your first TCP connection
                </Translate>
              </Link>
            </li>
            <li>
              <Link to="/docs/intro">
                <Translate id="socketlab.notFound.course" description="The 404 page: link to the course's start page">
                  See every lesson of the course
                </Translate>
              </Link>
            </li>
            <li>
              <Link to="/docs/reference">
                <Translate id="socketlab.notFound.reference" description="The 404 page: link to the reference">
                  Look something up in the reference: protocol, error codes, configuration
                </Translate>
              </Link>
            </li>
          </ul>
        </div>
      </div>
    </main>
  );
}
