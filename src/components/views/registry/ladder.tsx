/**
 * One TCP connection or UDP flow as a ladder diagram, or all of them as a flow graph; an arrow opens its packet.
 * The timeline hands the views its TCP connections (the stream view follows those only); the ladder adds the
 * session's UDP flows, numbered as the server timeline numbers them. In a lab without UDP flows the timeline's
 * choice of connection is the ladder's, as it always was; with flows the ladder keeps which one the student
 * picked, since the timeline's choice can name only a TCP connection.
 */

import { type ReactNode, useMemo, useState } from 'react';
import { buildFlowGraph, buildLadder, byFirstPacket, latestConnection, udpFlows } from '../../../lab-client/ladder';
import LadderDiagram from '../../LadderDiagram';
import { TEXT } from '../../PacketTimeline/text';
import type { SessionView, ViewContext } from './view';

export const ladderView: SessionView = {
  id: 'ladder',
  label: TEXT.ladder,
  render: (context) => <LadderTab context={context} />,
  showsPacketDetail: true,
};

function LadderTab({ context }: { readonly context: ViewContext }): ReactNode {
  const { packets, servers, events, connections: tcp } = context;
  const [chosen, setChosen] = useState<number>();
  const flows = useMemo(() => udpFlows(packets, servers, events), [packets, servers, events]);
  const connections = useMemo(() => (flows.length === 0 ? tcp : byFirstPacket(tcp, flows)), [tcp, flows]);
  const shown =
    flows.length === 0
      ? context.ladder?.connection
      : (connections.find((connection) => connection.connection === chosen) ?? latestConnection(connections));
  const ladder = useMemo(
    () => (shown === undefined || shown === context.ladder?.connection ? context.ladder : buildLadder(shown)),
    [shown, context.ladder],
  );
  const flow = useMemo(
    () => (flows.length === 0 ? context.flow : buildFlowGraph(connections)),
    [flows, connections, context.flow],
  );
  const transports = useMemo(() => servers.map((server) => server.transport), [servers]);
  return (
    <LadderDiagram
      connections={connections}
      ladder={ladder}
      transports={transports}
      flow={flow}
      view={context.ladderView}
      onViewChange={context.changeLadderView}
      onConnectionChange={(connection) => {
        setChosen(connection);
        context.chooseLadderConnection(connection);
      }}
      origin={context.timeOrigin.at}
      selectedId={context.opened?.packet.id}
      onOpen={(packet) => context.open(packet)}
    />
  );
}
