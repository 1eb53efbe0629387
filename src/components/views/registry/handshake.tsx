/**
 * The TLS handshake of one of the session's connections as a ladder, numbered as TLS 1.2's ten steps or grouped
 * as TLS 1.3's flights; an arrow opens its packet. Its code loads with the tab (a lab without TLS never fetches
 * it), its label and loading line with the panel.
 */

import { lazy } from 'react';

import LazyView from './lazy-view';
import { TEXT } from './tls-text';
import type { SessionView } from './view';

const HandshakeView = lazy(() => import('../../HandshakeView'));

export const handshakeView: SessionView = {
  id: 'handshake',
  label: TEXT.handshake,
  badge: (context) => (context.handshakes.length > 0 ? context.handshakes.length : undefined),
  render: (context) => (
    <LazyView loading={TEXT.handshakeLoading}>
      <HandshakeView
        handshakes={context.handshakes}
        shown={context.handshake}
        onChoose={context.chooseHandshake}
        packets={context.packets}
        servers={context.servers}
        capture={context.capture}
        origin={context.timeOrigin.at}
        selectedId={context.opened?.packet.id}
        onOpen={(packet) => context.open(packet)}
      />
    </LazyView>
  ),
  showsPacketDetail: true,
};
