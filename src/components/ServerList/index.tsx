/**
 * The servers the lab runs for this session, each with its `host:port`, a copy button, and complete programs
 * (Python, C, Node, MicroPython, nc) that reach it from the student's own machine with the real address filled in. The
 * language tabs share a group id, so the student's choice sticks across labs and pages.
 */

import CodeBlock from '@theme/CodeBlock';
import TabItem from '@theme/TabItem';
import Tabs from '@theme/Tabs';
import { memo, type ReactNode, useMemo } from 'react';
import { snippetsFor } from '../../lab-client/snippets';
import { formatHostPort, type ServerInfo } from '../../protocol';
import CopyButton from '../CopyButton';
import { useLocale, useText } from '../i18n/useText';
import styles from './styles.module.css';
import { TEXT } from './text';

export interface ServerListProps {
  readonly servers: readonly ServerInfo[];
  /** True until the first welcome: the servers are not known yet. */
  readonly waiting: boolean;
}

/** Memoised: the panel re-renders for every batch of packets, and the snippets' code blocks need not. */
export default memo(function ServerList({ servers, waiting }: ServerListProps): ReactNode {
  const t = useText();
  if (servers.length === 0) return <p className={styles.empty}>{t(waiting ? TEXT.starting : TEXT.none)}</p>;
  return (
    <ul className={styles.servers} aria-label={t(TEXT.list)}>
      {servers.map((server) => (
        <ServerItem key={server.id} server={server} />
      ))}
    </ul>
  );
});

function ServerItem({ server }: { readonly server: ServerInfo }): ReactNode {
  const { host, port, transport } = server;
  const address = formatHostPort(host, port);
  const t = useText();
  const locale = useLocale();
  const snippets = useMemo(() => snippetsFor({ host, port, transport }, locale), [host, port, transport, locale]);
  return (
    <li className={styles.server} data-server={server.id}>
      <div className={styles.row}>
        <span className={styles.serverTitle}>{server.title}</span>
        <span className={styles.transport}>{transport.toUpperCase()}</span>
        <span className={styles.addressGroup}>
          <code className={styles.address}>{address}</code>
          <CopyButton text={address} label={t(TEXT.copy(address))} />
        </span>
      </div>
      <details className={styles.snippets}>
        <summary className={styles.summary}>{t(TEXT.snippets)}</summary>
        <div className={styles.snippetBody}>
          <Tabs groupId="language">
            {snippets.map((snippet) => (
              <TabItem key={snippet.language} value={snippet.language} label={snippet.label}>
                <CodeBlock
                  language={snippet.highlight}
                  {...(snippet.fileName === undefined ? {} : { title: snippet.fileName })}
                >
                  {snippet.code}
                </CodeBlock>
              </TabItem>
            ))}
          </Tabs>
        </div>
      </details>
    </li>
  );
}
