/**
 * The capture delivers the protocol's `Packet` (see `src/protocol/packet.ts`): the same object the page draws.
 */

export * from '../../src/protocol/packet';
