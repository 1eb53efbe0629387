/**
 * One TCP connection or UDP flow as a ladder diagram, or all of them as a flow graph; an arrow opens its packet.
 * The timeline hands it the connections and flows, the one shown and the student's choice.
 */

import LadderDiagram from '../../LadderDiagram';
import { TEXT } from '../../PacketTimeline/text';
import type { SessionView } from './view';

export const ladderView: SessionView = {
  id: 'ladder',
  label: TEXT.ladder,
  render: (context) => (
    <LadderDiagram
      connections={context.ladderConnections}
      ladder={context.ladder}
      transports={context.servers.map((server) => server.transport)}
      flow={context.flow}
      view={context.ladderView}
      onViewChange={context.changeLadderView}
      onConnectionChange={context.chooseLadderConnection}
      origin={context.timeOrigin.at}
      selectedId={context.opened?.packet.id}
      onOpen={(packet) => context.open(packet)}
    />
  ),
  showsPacketDetail: true,
};
