/**
 * Two sockets and the connection between them — "your program's socket, 127.0.0.1:51514" → "the server's
 * accepted socket, 127.0.0.1:20417" — as plain HTML that is in the page from the build on (no diagram library
 * in the browser) and that stacks vertically on a phone.
 *
 * ```mdx
 * <SocketPairDiagram
 *   left={{ title: 'Your program', lines: ['socket fd 3', '127.0.0.1 : 51514'] }}
 *   right={{ title: "The lab's echo server", lines: ['accepted socket', '127.0.0.1 : 20417'] }}
 *   link="TCP, 127.0.0.1:51514 to 127.0.0.1:20417"
 * />
 * ```
 */

import type { ReactNode } from 'react';
import styles from './styles.module.css';

export interface SocketBox {
  readonly title: string;
  readonly lines: readonly string[];
}

export interface SocketPairDiagramProps {
  readonly left: SocketBox;
  readonly right: SocketBox;
  /** What connects them, written on the arrow. */
  readonly link: string;
}

function Box({ box }: { readonly box: SocketBox }): ReactNode {
  return (
    <div className={styles.box}>
      <div className={styles.title}>{box.title}</div>
      {box.lines.map((line) => (
        <div key={line} className={styles.line}>
          {line}
        </div>
      ))}
    </div>
  );
}

export default function SocketPairDiagram({ left, right, link }: SocketPairDiagramProps): ReactNode {
  return (
    <figure className={styles.figure}>
      <Box box={left} />
      <div className={styles.link}>
        <span className={styles.linkText}>{link}</span>
        <span className={styles.arrow} aria-hidden="true" />
      </div>
      <Box box={right} />
    </figure>
  );
}
