/**
 * How the client's side of a captured connection ended, and whether the client's kernel already held every byte
 * the server sent when the client sent its FIN. That is the evidence the packets give that a client read an
 * echo: close() with data still unread makes the kernel send RST, not FIN (RFC 9293 §3.6, RFC 2525 §2.17).
 * It has a limit, and the labs say so: shutdown(SHUT_WR) sends FIN whatever is unread, and once the server's
 * FIN has reached that socket it is in TIME_WAIT, where Linux's close() sends nothing more. So a FIN sent before
 * the data arrived says nothing about reading, and nothing later will.
 */

import {
  acknowledgesUpTo,
  type Conversation,
  hasFlag,
  RST,
  type Side,
  sideOf,
  type TcpPacket,
} from './tcp-conversation';
import { teardownOf } from './teardown';

export type ClientClose =
  /** Neither side has sent FIN or RST yet, or only the server has. */
  | { readonly kind: 'open' }
  /** The client sent FIN and the close is still under way: an RST may yet follow. */
  | { readonly kind: 'closing'; readonly fin: TcpPacket }
  /** An RST ended the connection; `fin` is the client's FIN before it, when it sent one. */
  | { readonly kind: 'reset'; readonly rst: TcpPacket; readonly by: Side; readonly fin?: TcpPacket }
  /**
   * Both FINs were sent and acknowledged before any RST, so nothing more can happen. `finAfterData`: the
   * client's FIN acknowledged every byte the server sent, which were therefore all in its kernel when it closed.
   */
  | { readonly kind: 'closed'; readonly fin: TcpPacket; readonly finAfterData: boolean };

export function clientCloseOf(conversation: Conversation): ClientClose {
  const teardown = teardownOf(conversation);
  if (teardown?.complete === true && teardown.secondFin !== undefined) {
    const { firstFin, secondFin } = teardown;
    const [clientFin, serverFin] = teardown.firstSide === 'client' ? [firstFin, secondFin] : [secondFin, firstFin];
    // A FIN takes the sequence number just past its sender's last data byte, so the server's FIN marks where
    // the server's data ends, even if one of its data segments was not captured.
    return { kind: 'closed', fin: clientFin, finAfterData: acknowledgesUpTo(clientFin, serverFin.tcp.seqRaw) };
  }
  const clientFin =
    teardown === undefined ? undefined : teardown.firstSide === 'client' ? teardown.firstFin : teardown.secondFin;
  const rst = conversation.packets.find((packet) => hasFlag(packet, RST));
  if (rst !== undefined) {
    const by = sideOf(rst, conversation);
    return clientFin !== undefined && clientFin.id < rst.id
      ? { kind: 'reset', rst, by, fin: clientFin }
      : { kind: 'reset', rst, by };
  }
  return clientFin === undefined ? { kind: 'open' } : { kind: 'closing', fin: clientFin };
}
