/**
 * Follow TCP Stream, as Wireshark has it: one connection's conversation reassembled in sequence order, the
 * client's bytes in one colour and the server's in another, as text or as hex. Text shows UTF-8 as itself and
 * every control character, invalid byte and bidi control as a dimmed escape (`\r`, `\x00`, `\u202e`); a line
 * break the peer sent is shown as `\n` and then breaks the line. Everything is rendered as text nodes, so a
 * `<script>` sent over TCP is those characters. Long streams show their first part until asked for more.
 */

import clsx from 'clsx';
import { memo, type ReactNode, useMemo, useState } from 'react';
import type { Localized } from '../../../common/localized';
import {
  followStream,
  type MissingReason,
  type StreamPiece,
  streamHexRows,
  streamText,
} from '../../../lab-client/follow-stream';
import type { LadderConnection } from '../../../lab-client/ladder';
import { useText } from '../../i18n/useText';
import part from '../../LabPanel/part.module.css';
import ConnectionPicker from '../ConnectionPicker';
import { TextHexToggle } from '../Toggle';
import styles from './styles.module.css';
import { TEXT } from './text';

/** Bytes rendered at first, and how many more each "show more" adds: a flood must not freeze the page. */
const RENDER_BYTES = 64 * 1024;

const MISSING: Record<MissingReason, (n: Localized) => Localized> = {
  'not-held': TEXT.notHeld,
  before: TEXT.before,
  lost: TEXT.lost,
};

export interface FollowStreamProps {
  readonly connections: readonly LadderConnection[];
  /** The connection followed; undefined while there is none. */
  readonly shown: LadderConnection | undefined;
  readonly onConnectionChange: (connection: number) => void;
}

export default function FollowStream({ connections, shown, onConnectionChange }: FollowStreamProps): ReactNode {
  const [hex, setHex] = useState(false);
  const [limit, setLimit] = useState(RENDER_BYTES);
  const t = useText();
  const stream = useMemo(
    () => (shown === undefined ? undefined : followStream(shown.packets, shown.serverPort)),
    [shown],
  );
  if (shown === undefined || stream === undefined) return <p className={styles.empty}>{t(TEXT.empty)}</p>;

  const total = stream.length.client + stream.length.server;
  const pieces = piecesWithin(stream.pieces, limit);
  const notes = [
    stream.retransmitted > 0 ? TEXT.retransmitted(stream.retransmitted) : undefined,
    stream.reordered > 0 ? TEXT.reordered(stream.reordered) : undefined,
  ]
    .filter((note) => note !== undefined)
    .map(t);
  return (
    <section className={styles.follow} aria-label={t(TEXT.follow(shown.connection))}>
      <div className={styles.toolbar}>
        <ConnectionPicker connections={connections} shown={shown} onChange={onConnectionChange} />
        <TextHexToggle label={t(TEXT.showAs)} hex={hex} onChange={setHex} />
      </div>
      <p className={styles.summary}>
        <span className={styles.clientKey}>{t(TEXT.client)}</span>{' '}
        <span className={styles.serverKey}>{t(TEXT.server)}</span> ·{' '}
        {t(TEXT.summary(TEXT.bytes(stream.length.client), TEXT.bytes(stream.length.server)))}
        {notes.map((note) => (
          <span key={note}> · {note}</span>
        ))}
      </p>
      <div className={clsx(part.well, styles.scroller)} data-stream-connection={shown.connection}>
        {stream.pieces.length === 0 ? (
          <p className={styles.noData}>{t(TEXT.noData)}</p>
        ) : (
          <pre className={styles.stream}>
            {pieces.map((piece) => (
              <Piece key={`${piece.side}-${piece.offset}-${piece.kind}`} piece={piece} hex={hex} />
            ))}
          </pre>
        )}
      </div>
      {pieces.length < stream.pieces.length && (
        <button type="button" className={styles.more} onClick={() => setLimit((current) => current + RENDER_BYTES)}>
          {t(TEXT.more(TEXT.bytes(shownBytes(pieces)), TEXT.bytes(total)))}
        </button>
      )}
    </section>
  );
}

/** The first pieces whose bytes fit in `limit` (always at least one). */
function piecesWithin(pieces: readonly StreamPiece[], limit: number): readonly StreamPiece[] {
  let used = 0;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    used += piece.kind === 'data' ? piece.bytes.length : 0;
    if (used > limit && i > 0) return pieces.slice(0, i);
  }
  return pieces;
}

function shownBytes(pieces: readonly StreamPiece[]): number {
  return pieces.reduce((sum, piece) => sum + (piece.kind === 'data' ? piece.bytes.length : piece.length), 0);
}

/** One side's turn. Memoised: switching the view mode re-renders, a new packet on another piece does not. */
const Piece = memo(function Piece({ piece, hex }: { readonly piece: StreamPiece; readonly hex: boolean }): ReactNode {
  const t = useText();
  const side = piece.side === 'client' ? TEXT.client : TEXT.server;
  const sideClass = piece.side === 'client' ? styles.client : styles.server;
  if (piece.kind === 'missing') {
    return (
      <span className={clsx(styles.piece, styles.missing, sideClass)} data-side={piece.side}>
        {t(MISSING[piece.reason](TEXT.bytes(piece.length)))}
        {'\n'}
      </span>
    );
  }
  const label = t(TEXT.piece(side, TEXT.bytes(piece.bytes.length)));
  if (hex) {
    return (
      <span className={clsx(styles.piece, sideClass)} data-side={piece.side} title={label}>
        {streamHexRows(piece.bytes, piece.offset).join('\n')}
        {'\n'}
      </span>
    );
  }
  const runs = streamText(piece.bytes);
  const last = runs[runs.length - 1];
  return (
    <span className={clsx(styles.piece, sideClass)} data-side={piece.side} title={label}>
      {runs.map((run, index) =>
        run.kind === 'text' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: runs are recomputed as a whole, never reordered.
          <span key={index}>{run.text}</span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above.
          <span key={index} className={styles.escape}>
            {run.text}
            {run.kind === 'newline' ? '\n' : ''}
          </span>
        ),
      )}
      {/* Each turn starts on a line of its own, as in Wireshark. */}
      {last?.kind === 'newline' ? '' : '\n'}
    </span>
  );
});
