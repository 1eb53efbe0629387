/**
 * The landing page: what socketlab is (a hands-on course where real servers run on your machine, with a
 * terminal in the page, your own programs and boards as clients, and live checks), a button into the first
 * lesson, the lessons there are, and what is planned. No images or fonts from elsewhere: the site must work
 * offline. Its words come from `text.ts` beside it, in the page's language; the drawn lab shell speaks that
 * language too, as the shell itself does.
 */

import Interpolate from '@docusaurus/Interpolate';
import Link from '@docusaurus/Link';
import Heading from '@theme/Heading';
import Layout from '@theme/Layout';
import type { ReactNode } from 'react';
import type { Localized } from '../../common/localized';
import { useText } from '../i18n/useText';
import styles from './styles.module.css';
import TerminalSketch from './TerminalSketch';
import { TEXT } from './text';

interface Feature {
  readonly id: string;
  readonly title: Localized;
  readonly text: Localized;
  readonly icon: ReactNode;
}

/** The four cards. */
const FEATURES: readonly Feature[] = [
  {
    id: 'servers',
    title: TEXT.serversTitle,
    text: TEXT.serversText,
    icon: (
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <rect x="3" y="4" width="18" height="7" rx="1.5" />
        <rect x="3" y="13" width="18" height="7" rx="1.5" />
        <path d="M7 7.5h.01M7 16.5h.01" />
      </svg>
    ),
  },
  {
    id: 'terminal',
    title: TEXT.terminalTitle,
    text: TEXT.terminalText,
    icon: (
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <rect x="3" y="4" width="18" height="16" rx="2" />
        <path d="M7 9l3 3-3 3M12.5 15H17" />
      </svg>
    ),
  },
  {
    id: 'client',
    title: TEXT.clientTitle,
    text: TEXT.clientText,
    icon: (
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M8 8l-4 4 4 4M16 8l4 4-4 4M13.5 5l-3 14" />
      </svg>
    ),
  },
  {
    id: 'checks',
    title: TEXT.checksTitle,
    text: TEXT.checksText,
    icon: (
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <circle cx="12" cy="12" r="9" />
        <path d="M8 12.5l2.7 2.7L16.5 9.5" />
      </svg>
    ),
  },
];

interface Lesson {
  readonly to: string;
  readonly title: Localized;
  readonly text: Localized;
}

/** The lessons the course has today, in reading order; their titles are the docs' own. */
const LESSONS: readonly Lesson[] = [
  { to: '/docs/tcp/first-connection', title: TEXT.firstConnectionTitle, text: TEXT.firstConnectionText },
  { to: '/docs/tcp/handshake', title: TEXT.handshakeTitle, text: TEXT.handshakeText },
  { to: '/docs/tcp/closing', title: TEXT.closingTitle, text: TEXT.closingText },
  { to: '/docs/tcp/reliability', title: TEXT.reliabilityTitle, text: TEXT.reliabilityText },
  { to: '/docs/tcp/flow-control', title: TEXT.flowControlTitle, text: TEXT.flowControlText },
  { to: '/docs/tcp/keepalive', title: TEXT.keepaliveTitle, text: TEXT.keepaliveText },
  { to: '/docs/tcp/reconnect', title: TEXT.reconnectTitle, text: TEXT.reconnectText },
  { to: '/docs/udp/datagrams', title: TEXT.udpTitle, text: TEXT.udpText },
  { to: '/docs/devices/network-assistant', title: TEXT.assistantTitle, text: TEXT.assistantText },
];

/** What is planned and not there yet: said as a plan, so the page promises nothing it does not have. */
const PLANNED: readonly Localized[] = [TEXT.nextTls, TEXT.nextClassroom];

/**
 * A sentence with `{name}` placeholders filled by elements, as Docusaurus fills a `<Translate>`'s. The names are
 * checked by `text.test.ts` rather than by the compiler: the sentence is the page's language's, a plain string.
 */
function Filled({
  text,
  values,
}: {
  readonly text: string;
  readonly values: Readonly<Record<string, ReactNode>>;
}): ReactNode {
  return <Interpolate values={values}>{text}</Interpolate>;
}

export default function Landing(): ReactNode {
  const t = useText();
  return (
    <Layout title={t(TEXT.metaTitle)} description={t(TEXT.metaDescription)}>
      <header className={styles.hero}>
        <div className={styles.heroInner}>
          <div className={styles.heroText}>
            <p className={styles.eyebrow}>{t(TEXT.eyebrow)}</p>
            <Heading as="h1" className={styles.heroTitle}>
              <Filled
                text={t(TEXT.headline)}
                values={{ servers: <span className={styles.accent}>{t(TEXT.headlineServers)}</span> }}
              />
            </Heading>
            <p className={styles.lead}>{t(TEXT.lead)}</p>
            <div className={styles.actions}>
              <Link className="button button--primary button--lg" to="/docs/tcp/first-connection">
                {t(TEXT.start)}
              </Link>
              <Link className="button button--secondary button--lg" to="/docs/intro">
                {t(TEXT.how)}
              </Link>
            </div>
          </div>
          <TerminalSketch />
        </div>
      </header>
      <main>
        <section className={styles.features} aria-label={t(TEXT.featuresLabel)}>
          <div className={styles.featureGrid}>
            {FEATURES.map((feature) => (
              <article key={feature.id} className={styles.feature}>
                <div className={styles.featureIcon}>{feature.icon}</div>
                <Heading as="h2" className={styles.featureTitle}>
                  {t(feature.title)}
                </Heading>
                <p className={styles.featureText}>{t(feature.text)}</p>
              </article>
            ))}
          </div>
        </section>
        <section className={styles.next}>
          <div className={styles.nextInner}>
            <Heading as="h2" className={styles.nextTitle}>
              {t(TEXT.nowTitle)}
            </Heading>
            <ul className={styles.nextList}>
              {LESSONS.map((lesson) => (
                <li key={lesson.to}>
                  <strong>
                    <Link to={lesson.to}>{t(lesson.title)}</Link>
                  </strong>
                  <br />
                  {t(lesson.text)}
                </li>
              ))}
            </ul>
            <Heading as="h2" className={styles.nextTitle}>
              {t(TEXT.nextTitle)}
            </Heading>
            <ul className={`${styles.nextList} ${styles.plannedList}`}>
              {PLANNED.map((item) => (
                <li key={item.en}>{t(item)}</li>
              ))}
            </ul>
            <p className={styles.local}>
              <Filled
                text={t(TEXT.local)}
                values={{ command: <code>npm ci &amp;&amp; npm start</code>, url: <code>http://127.0.0.1:8080</code> }}
              />
            </p>
          </div>
        </section>
      </main>
    </Layout>
  );
}
