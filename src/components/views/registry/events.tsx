/** The server timeline: what the lab's servers saw on their sockets, beside the packets. */

import EventLog from '../../EventLog';
import { TEXT as EVENT_LOG } from '../../EventLog/text';
import type { SessionView } from './view';

export const eventsView: SessionView = {
  id: 'events',
  label: EVENT_LOG.title,
  render: (context) => (
    <EventLog
      events={context.events}
      showServer={context.servers.length > 1}
      showTitle={false}
      timeOrigin={context.timeOrigin}
    />
  ),
  showsPacketDetail: false,
};
