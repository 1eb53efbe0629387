/**
 * Finds the TCP or UDP header inside a raw frame, without tshark: the addresses and ports, so the capture can
 * drop a frame nobody subscribed to before it costs tshark any time or memory, and the payload offset, so the
 * payload hex is cut from the bytes we hold (tshark cannot cap a field, and a 64 KiB loopback segment would
 * print 128 KiB of hex). Anything unusual gives `undefined`, and the caller falls back to tshark's word.
 */

import type { PacketEndpoints } from './capture-demux';
import { type AddressKey, ipv4KeyAt, ipv6KeyAt } from './ip-address';

/** Where the TCP or UDP header is, and what it says. */
export interface TransportLocation {
  readonly protocol: 'tcp' | 'udp';
  readonly srcPort: number;
  readonly dstPort: number;
  /** Offset of the first payload byte in the frame; may be past the captured bytes when the frame was truncated. */
  readonly payloadOffset: number;
}

/** …with the IP addresses around it: both endpoints, as the demux matches them. */
export interface FrameLocation extends TransportLocation, PacketEndpoints {}

const LINKTYPE_NULL = 0;
const LINKTYPE_ETHERNET = 1;
const LINKTYPE_RAW = 101;
const LINKTYPE_LOOP = 108;
const LINKTYPE_LINUX_SLL = 113;
const LINKTYPE_IPV4 = 228;
const LINKTYPE_IPV6 = 229;
const LINKTYPE_LINUX_SLL2 = 276;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = 0x8100;

const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;

export function locateTransport(linkType: number, frame: Uint8Array): FrameLocation | undefined {
  const network = networkOffset(linkType, frame);
  if (network === undefined || network >= frame.length) return undefined;
  const version = frame[network]! >> 4;
  if (version === 4) return fromIpv4(frame, network);
  if (version === 6) return fromIpv6(frame, network);
  return undefined;
}

function networkOffset(linkType: number, frame: Uint8Array): number | undefined {
  switch (linkType) {
    case LINKTYPE_ETHERNET: {
      let offset = 12;
      let etherType = u16(frame, offset);
      // One 802.1Q tag at most: a lab never captures QinQ, and the loop must stay bounded.
      if (etherType === ETHERTYPE_VLAN) {
        offset += 4;
        etherType = u16(frame, offset);
      }
      return etherType === ETHERTYPE_IPV4 || etherType === ETHERTYPE_IPV6 ? offset + 2 : undefined;
    }
    case LINKTYPE_LINUX_SLL: {
      const protocol = u16(frame, 14);
      return protocol === ETHERTYPE_IPV4 || protocol === ETHERTYPE_IPV6 ? 16 : undefined;
    }
    case LINKTYPE_LINUX_SLL2: {
      const protocol = u16(frame, 0);
      return protocol === ETHERTYPE_IPV4 || protocol === ETHERTYPE_IPV6 ? 20 : undefined;
    }
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP:
      // A 4-byte address family in host or network order; the IP version nibble below decides anyway.
      return 4;
    case LINKTYPE_RAW:
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
      return 0;
    default:
      return undefined;
  }
}

function fromIpv4(frame: Uint8Array, ip: number): FrameLocation | undefined {
  if (frame.length < ip + 20) return undefined;
  const headerLength = (frame[ip]! & 0x0f) * 4;
  // RFC 791 §3.1: a non-zero fragment offset means this fragment carries no transport header.
  const fragmentOffset = u16(frame, ip + 6)! & 0x1fff;
  if (headerLength < 20 || fragmentOffset !== 0) return undefined;
  return fromTransport(frame, frame[ip + 9]!, ip + headerLength, ipv4KeyAt(frame, ip + 12), ipv4KeyAt(frame, ip + 16));
}

function fromIpv6(frame: Uint8Array, ip: number): FrameLocation | undefined {
  if (frame.length < ip + 40) return undefined;
  let next = frame[ip + 6]!;
  let offset = ip + 40;
  // RFC 8200 §4: walk a few extension headers (hop-by-hop 0, routing 43, fragment 44, destination options 60).
  for (let hops = 0; hops < 8; hops++) {
    if (next === IPPROTO_TCP || next === IPPROTO_UDP) {
      return fromTransport(frame, next, offset, ipv6KeyAt(frame, ip + 8), ipv6KeyAt(frame, ip + 24));
    }
    if (offset + 8 > frame.length) return undefined;
    if (next === 44) {
      if ((u16(frame, offset + 2)! & 0xfff8) !== 0) return undefined;
      next = frame[offset]!;
      offset += 8;
    } else if (next === 0 || next === 43 || next === 60) {
      next = frame[offset]!;
      offset += (frame[offset + 1]! + 1) * 8;
    } else {
      return undefined;
    }
  }
  return undefined;
}

function fromTransport(
  frame: Uint8Array,
  protocol: number,
  offset: number,
  src: AddressKey,
  dst: AddressKey,
): FrameLocation | undefined {
  if (protocol === IPPROTO_UDP) {
    if (frame.length < offset + 8) return undefined;
    return {
      protocol: 'udp',
      src,
      srcPort: u16(frame, offset)!,
      dst,
      dstPort: u16(frame, offset + 2)!,
      payloadOffset: offset + 8,
    };
  }
  if (protocol === IPPROTO_TCP) {
    if (frame.length < offset + 20) return undefined;
    const dataOffset = (frame[offset + 12]! >> 4) * 4;
    if (dataOffset < 20) return undefined;
    return {
      protocol: 'tcp',
      src,
      srcPort: u16(frame, offset)!,
      dst,
      dstPort: u16(frame, offset + 2)!,
      payloadOffset: offset + dataOffset,
    };
  }
  return undefined;
}

function u16(frame: Uint8Array, offset: number): number | undefined {
  if (offset + 2 > frame.length) return undefined;
  return (frame[offset]! << 8) | frame[offset + 1]!;
}

/** Where a LINUX_SLL2 frame was seen: the interface's index and the kernel's packet type (`PACKET_*`). */
export interface CookedLink {
  readonly interfaceIndex: number;
  /** 0 to this host, 1 broadcast, 2 multicast, 3 to another host, 4 sent by this host (linux/if_packet.h). */
  readonly packetType: number;
}

/** The linux cooked v2 header's interface and packet type; `undefined` for any other link type. */
export function cookedLink(linkType: number, frame: Uint8Array): CookedLink | undefined {
  // https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL2.html: protocol 2, reserved 2, interface index 4,
  // ARPHRD type 2, packet type 1, address length 1, address 8.
  if (linkType !== LINKTYPE_LINUX_SLL2 || frame.length < 20) return undefined;
  const interfaceIndex = ((frame[4]! << 24) | (frame[5]! << 16) | (frame[6]! << 8) | frame[7]!) >>> 0;
  return { interfaceIndex, packetType: frame[10]! };
}
