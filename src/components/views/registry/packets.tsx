/** The packet list, Wireshark's frame list with its display filter: the first view of every captured lab. */

import PacketList from '../../PacketList';
import { TEXT } from '../../PacketTimeline/text';
import type { SessionView } from './view';

export const packetsView: SessionView = {
  id: 'packets',
  label: TEXT.packets,
  badge: (context) => (context.packets.length > 0 ? context.packets.length : undefined),
  render: (context) => (
    <PacketList
      packets={context.packets}
      gaps={context.gaps}
      firstNumber={context.firstNumber}
      origin={context.timeOrigin.at}
      selectedId={context.opened?.packet.id}
      onOpen={context.open}
      onClose={context.closePacket}
      emptyText={context.emptyText}
      filter={context.filter}
      onFilterChange={context.changeFilter}
      onFollow={context.follow}
    />
  ),
  showsPacketDetail: true,
};
