/**
 * The landing page: what socketlab is (a hands-on course where real servers run on your machine, with a
 * terminal in the page, your own programs and boards as clients, and live checks), a button into the first
 * lesson, and what is coming next. No images or fonts from elsewhere: the site must work offline.
 */

import Link from '@docusaurus/Link';
import Heading from '@theme/Heading';
import Layout from '@theme/Layout';
import type { ReactNode } from 'react';
import styles from './styles.module.css';

interface Feature {
  readonly title: string;
  readonly text: string;
  readonly icon: ReactNode;
}

const FEATURES: readonly Feature[] = [
  {
    title: 'Real servers, your own ports',
    text: 'Each lab starts real TCP servers for your session, on your machine. Nothing is simulated: every byte you send crosses a real socket.',
    icon: (
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <rect x="3" y="4" width="18" height="7" rx="1.5" />
        <rect x="3" y="13" width="18" height="7" rx="1.5" />
        <path d="M7 7.5h.01M7 16.5h.01" />
      </svg>
    ),
  },
  {
    title: 'A terminal in the page',
    text: 'The lab shell narrates what the socket API does — socket() = 3, connect() → SYN sent, recv() = 12 bytes, ECONNREFUSED — as you type.',
    icon: (
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <rect x="3" y="4" width="18" height="16" rx="2" />
        <path d="M7 9l3 3-3 3M12.5 15H17" />
      </svg>
    ),
  },
  {
    title: 'Bring your own client',
    text: 'Copy a complete program in Python, C, Node or nc with your server’s address filled in — or point an ESP32 or a Raspberry Pi on your network at it.',
    icon: (
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M8 8l-4 4 4 4M16 8l4 4-4 4M13.5 5l-3 14" />
      </svg>
    ),
  },
  {
    title: 'Live checks',
    text: 'The lab watches its servers and tells you, in one sentence each, what you got right and what is still missing — the moment it happens.',
    icon: (
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <circle cx="12" cy="12" r="9" />
        <path d="M8 12.5l2.7 2.7L16.5 9.5" />
      </svg>
    ),
  },
];

const NEXT: readonly string[] = [
  'Packet timelines and client↔server ladder diagrams of your own traffic',
  'UDP, lost packets and flaky networks',
  'TLS and certificates, one handshake at a time',
];

export default function Home(): ReactNode {
  return (
    <Layout
      title="A hands-on course in socket programming"
      description="Learn socket programming by talking to real servers: from a terminal in the page, your own code or a board, with live checks."
    >
      <header className={styles.hero}>
        <div className={styles.heroInner}>
          <div className={styles.heroText}>
            <p className={styles.eyebrow}>A hands-on course in socket programming</p>
            <Heading as="h1" className={styles.heroTitle}>
              Learn sockets by talking to <span className={styles.accent}>real servers</span>.
            </Heading>
            <p className={styles.lead}>
              socketlab runs real echo servers for you, right on your machine. Type in the terminal on the page, or
              point your own Python, C or Node program — or a board on your desk — at the address the lab shows, and
              watch the checks turn green as the server sees your bytes arrive.
            </p>
            <div className={styles.actions}>
              <Link className="button button--primary button--lg" to="/docs/tcp/first-connection">
                Start the first lesson
              </Link>
              <Link className="button button--secondary button--lg" to="/docs/intro">
                How the course works
              </Link>
            </div>
          </div>
          <TerminalSketch />
        </div>
      </header>
      <main>
        <section className={styles.features} aria-label="What you get">
          <div className={styles.featureGrid}>
            {FEATURES.map((feature) => (
              <article key={feature.title} className={styles.feature}>
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
              Coming next
            </Heading>
            <ul className={styles.nextList}>
              {NEXT.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
            <p className={styles.local}>
              Everything runs on your own machine: <code>npm ci &amp;&amp; npm start</code>, then open{' '}
              <code>http://127.0.0.1:8080</code>. No accounts, no cloud, and it works offline.
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
        <em>lab shell</em>
      </div>
      <pre
        className={styles.sketchScreen}
        role="img"
        aria-label="A lab shell session: connect to the echo server, send Hello,world!, receive the echo"
      >
        <span className={styles.prompt}>$</span> connect echo{'\n'}
        <span className={styles.dim}>socket(AF_INET, SOCK_STREAM) = fd 3</span>
        {'\n'}
        <span className={styles.dim}>connect(fd 3, 127.0.0.1:20417) = 0</span>
        {'\n'}
        {'  '}
        <span className={styles.cyan}>SYN → SYN-ACK → ACK</span> in 0.2 ms{'\n'}
        <span className={styles.prompt}>$</span> send Hello,world!{'\n'}
        <span className={styles.dim}>send(fd 3, 12 bytes) = 12</span> "Hello,world!"{'\n'}
        <span className={styles.prompt}>$</span> recv{'\n'}
        <span className={styles.dim}>recv(fd 3) = 12 bytes</span> <span className={styles.green}>"Hello,world!"</span>
        {'\n'}
        <span className={styles.prompt}>$</span> <span className={styles.cursor} />
      </pre>
      <figcaption className={styles.sketchChecks}>
        <span className={styles.passed}>✓ Connect to your echo server</span>
        <span className={styles.passed}>✓ Get your bytes back</span>
        <span className={styles.pending}>○ Close the connection cleanly</span>
      </figcaption>
    </figure>
  );
}
