/** Follow TCP Stream: one connection's bytes reassembled, client and server told apart. */

import { TEXT } from '../../PacketTimeline/text';
import FollowStream from '../FollowStream';
import type { SessionView } from './view';

export const streamView: SessionView = {
  id: 'stream',
  label: TEXT.stream,
  render: (context) => (
    <FollowStream
      connections={context.connections}
      shown={context.streamConnection}
      onConnectionChange={context.chooseStreamConnection}
    />
  ),
  showsPacketDetail: false,
};
