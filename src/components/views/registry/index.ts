/**
 * The views a lab panel can show of a session, by id (`src/protocol/views.ts`): adding a view is its file here
 * and one line below. A lab's manifest says which its lesson needs; the panel shows those, in that order.
 */

import type { ViewId } from '../../../protocol';
import { certificatesView } from './certificates';
import { eventsView } from './events';
import { handshakeView } from './handshake';
import { ladderView } from './ladder';
import { packetsView } from './packets';
import { streamView } from './stream';
import type { SessionView } from './view';

export type { OpenedPacket, SessionRecord, SessionView, ViewContext } from './view';

export const SESSION_VIEWS: Readonly<Record<ViewId, SessionView>> = {
  packets: packetsView,
  ladder: ladderView,
  stream: streamView,
  events: eventsView,
  handshake: handshakeView,
  certificates: certificatesView,
};
