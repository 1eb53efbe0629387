/**
 * The landing page: what socketlab is (a hands-on course where real servers run on your machine, with a
 * terminal in the page, your own programs and boards as clients, and live checks), a button into the first
 * lesson, the lessons there are, and what is planned. No images or fonts from elsewhere: the site must work offline. Every string
 * goes through Docusaurus's `<Translate>`/`translate()`, so `/zh-Hans/` shows it from `i18n/zh-Hans/code.json`;
 * what the lab shell prints in the sketch is not translated, as the shell's own output is not.
 */

import Link from '@docusaurus/Link';
import Translate, { translate } from '@docusaurus/Translate';
import Heading from '@theme/Heading';
import Layout from '@theme/Layout';
import type { ReactNode } from 'react';
import styles from './styles.module.css';

interface Feature {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  readonly icon: ReactNode;
}

/** The four cards; built per render, so `translate()` answers in the page's locale. */
function features(): readonly Feature[] {
  return [
    {
      id: 'servers',
      title: translate({ id: 'home.feature.servers.title', message: 'Real servers, your own ports' }),
      text: translate({
        id: 'home.feature.servers.text',
        message:
          'Each lab starts real TCP servers for your session, on your machine. Nothing is simulated: every byte you send crosses a real socket.',
      }),
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
      title: translate({ id: 'home.feature.terminal.title', message: 'A terminal in the page' }),
      text: translate({
        id: 'home.feature.terminal.text',
        message:
          'The lab shell narrates what the socket API does — socket() = fd 3, connect() = 0, recv() = 12 bytes, ECONNREFUSED — as you type.',
      }),
      icon: (
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <rect x="3" y="4" width="18" height="16" rx="2" />
          <path d="M7 9l3 3-3 3M12.5 15H17" />
        </svg>
      ),
    },
    {
      id: 'client',
      title: translate({ id: 'home.feature.client.title', message: 'Bring your own client' }),
      text: translate({
        id: 'home.feature.client.text',
        message:
          'Copy a complete program in Python, C, Node or nc with your server’s address filled in — or point an ESP32 or a Raspberry Pi on your network at it.',
      }),
      icon: (
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M8 8l-4 4 4 4M16 8l4 4-4 4M13.5 5l-3 14" />
        </svg>
      ),
    },
    {
      id: 'checks',
      title: translate({ id: 'home.feature.checks.title', message: 'Live checks' }),
      text: translate({
        id: 'home.feature.checks.text',
        message:
          'The lab watches its servers and tells you, in one sentence each, what you got right and what is still missing — the moment it happens.',
      }),
      icon: (
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <circle cx="12" cy="12" r="9" />
          <path d="M8 12.5l2.7 2.7L16.5 9.5" />
        </svg>
      ),
    },
  ];
}

interface Lesson {
  readonly to: string;
  readonly title: string;
  readonly text: string;
}

/** The lessons the course has today, in reading order; their titles are the docs' own. */
function lessons(): readonly Lesson[] {
  return [
    {
      to: '/docs/tcp/first-connection',
      title: translate({ id: 'home.now.first-connection.title', message: 'Your first TCP connection' }),
      text: translate({
        id: 'home.now.first-connection.text',
        message:
          'Sockets, ports and byte order; connect, send, read the echo and close, from the page and your own code.',
      }),
    },
    {
      to: '/docs/tcp/handshake',
      title: translate({ id: 'home.now.handshake.title', message: 'The three-way handshake' }),
      text: translate({
        id: 'home.now.handshake.text',
        message: 'SYN, SYN-ACK and ACK in your own capture: sequence numbers, ISNs and the options in a SYN.',
      }),
    },
    {
      to: '/docs/tcp/closing',
      title: translate({ id: 'home.now.closing.title', message: 'Closing a connection' }),
      text: translate({
        id: 'home.now.closing.text',
        message: 'FIN in each direction, half-close, TIME_WAIT and RST, packet by packet.',
      }),
    },
  ];
}

/** What is planned and not there yet: said as a plan, so the page promises nothing it does not have. */
function planned(): readonly string[] {
  return [
    translate({
      id: 'home.next.udp',
      message: 'UDP: datagrams without a connection, and what happens to the lost ones',
    }),
    translate({
      id: 'home.next.faults',
      message:
        'Faults and reliability: lost packets, resets and silent peers, flow control, keepalive and reconnecting',
    }),
    translate({
      id: 'home.next.tls',
      message: 'TLS and certificates: a class PKI, TLS 1.2 and 1.3, mutual TLS and the decrypted handshake',
    }),
    translate({
      id: 'home.next.classroom',
      message:
        'Classroom mode: students join with a code, each gets private lab servers, the instructor sees who passed',
    }),
  ];
}

export default function Home(): ReactNode {
  return (
    <Layout
      title={translate({ id: 'home.meta.title', message: 'A hands-on course in socket programming' })}
      description={translate({
        id: 'home.meta.description',
        message:
          'Learn socket programming by talking to real servers: from a terminal in the page, your own code or a board, with live checks.',
      })}
    >
      <header className={styles.hero}>
        <div className={styles.heroInner}>
          <div className={styles.heroText}>
            <p className={styles.eyebrow}>
              <Translate id="home.hero.eyebrow">A hands-on course in socket programming</Translate>
            </p>
            <Heading as="h1" className={styles.heroTitle}>
              <Translate
                id="home.hero.title"
                description="The landing page's headline; {servers} is the highlighted phrase home.hero.title.servers"
                values={{
                  servers: (
                    <span className={styles.accent}>
                      <Translate id="home.hero.title.servers">real servers</Translate>
                    </span>
                  ),
                }}
              >
                {'Learn sockets by talking to {servers}.'}
              </Translate>
            </Heading>
            <p className={styles.lead}>
              <Translate id="home.hero.lead">
                socketlab runs real echo servers for you, right on your machine. Type in the terminal on the page, or
                point your own Python, C or Node program — or a board on your desk — at the address the lab shows, and
                watch the checks turn green as the server sees your bytes arrive.
              </Translate>
            </p>
            <div className={styles.actions}>
              <Link className="button button--primary button--lg" to="/docs/tcp/first-connection">
                <Translate id="home.hero.start">Start the first lesson</Translate>
              </Link>
              <Link className="button button--secondary button--lg" to="/docs/intro">
                <Translate id="home.hero.how">How the course works</Translate>
              </Link>
            </div>
          </div>
          <TerminalSketch />
        </div>
      </header>
      <main>
        <section
          className={styles.features}
          aria-label={translate({ id: 'home.features.label', message: 'What you get' })}
        >
          <div className={styles.featureGrid}>
            {features().map((feature) => (
              <article key={feature.id} className={styles.feature}>
                <div className={styles.featureIcon}>{feature.icon}</div>
                <Heading as="h2" className={styles.featureTitle}>
                  {feature.title}
                </Heading>
                <p className={styles.featureText}>{feature.text}</p>
              </article>
            ))}
          </div>
        </section>
        <section className={styles.next}>
          <div className={styles.nextInner}>
            <Heading as="h2" className={styles.nextTitle}>
              <Translate id="home.now.title">In the course now</Translate>
            </Heading>
            <ul className={styles.nextList}>
              {lessons().map((lesson) => (
                <li key={lesson.to}>
                  <strong>
                    <Link to={lesson.to}>{lesson.title}</Link>
                  </strong>
                  <br />
                  {lesson.text}
                </li>
              ))}
            </ul>
            <Heading as="h2" className={styles.nextTitle}>
              <Translate id="home.next.title">Planned</Translate>
            </Heading>
            <ul className={`${styles.nextList} ${styles.plannedList}`}>
              {planned().map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
            <p className={styles.local}>
              <Translate
                id="home.local"
                description="{command} is `npm ci && npm start`, {url} the local address; both stay as they are"
                values={{ command: <code>npm ci &amp;&amp; npm start</code>, url: <code>http://127.0.0.1:8080</code> }}
              >
                {
                  'Everything runs on your own machine: {command}, then open {url}. No accounts, no cloud, and it works offline.'
                }
              </Translate>
            </p>
          </div>
        </section>
      </main>
    </Layout>
  );
}

/** A picture of a lab session, drawn in HTML: what the lab shell prints while a student connects and sends. */
function TerminalSketch(): ReactNode {
  return (
    <figure className={styles.sketch}>
      <div className={styles.sketchBar} aria-hidden="true">
        <span />
        <span />
        <span />
        <em>
          <Translate id="home.sketch.bar">lab shell</Translate>
        </em>
      </div>
      <pre
        className={styles.sketchScreen}
        role="img"
        aria-label={translate({
          id: 'home.sketch.label',
          message: 'A lab shell session: connect to the echo server, send Hello,world!, receive the echo',
        })}
      >
        <span className={styles.prompt}>$</span> connect echo{'\n'}
        <span className={styles.dim}>socket(AF_INET, SOCK_STREAM) = fd 3</span>
        {'\n'}
        <span className={styles.dim}>connect(fd 3, 127.0.0.1:20417) = 0</span>
        {'  '}
        <span className={styles.cyan}>
          connect() returned after 0.2 ms; local address 127.0.0.1:51514 — TCP echo server
        </span>
        {'\n'}
        <span className={styles.prompt}>$</span> send Hello,world!{'\n'}
        <span className={styles.dim}>send(fd 3, 12 bytes) = 12</span>
        {'   "Hello,world!"\n'}
        <span className={styles.dim}>[fd 3: 12 bytes arrived — type recv to read them]</span>
        {'\n'}
        <span className={styles.prompt}>$</span> recv{'\n'}
        <span className={styles.dim}>recv(fd 3, 1024) = 12 bytes</span>
        {'   '}
        <span className={styles.green}>"Hello,world!"</span>
        {'\n'}
        <span className={styles.prompt}>$</span> <span className={styles.cursor} />
      </pre>
      <figcaption className={styles.sketchChecks}>
        <span className={styles.passed}>
          ✓ <Translate id="home.sketch.check.connect">Connect to your echo server</Translate>
        </span>
        <span className={styles.passed}>
          ✓ <Translate id="home.sketch.check.echo">Get your bytes back</Translate>
        </span>
        <span className={styles.pending}>
          ○ <Translate id="home.sketch.check.close">Close the connection cleanly</Translate>
        </span>
      </figcaption>
    </figure>
  );
}
