/**
 * The capture room's public face: the shared pipeline, the packet a session receives, and the pcapng tools for
 * the per-session download. Everything else in this folder is an implementation detail.
 */

export type { Disposable, Event } from '../../src/common/emitter';
export {
  type CaptureEvent,
  type CaptureGap,
  type CaptureListener,
  type CaptureOptions,
  CapturePipeline,
  type CaptureProcessIds,
  type CaptureReport,
  type CaptureState,
  type CaptureStats,
  type CaptureStatus,
  captureStatusIn,
  type ServerEndpoint,
} from './capture-pipeline';
export { CaptureRecording, type CaptureRecordingOptions } from './capture-recording';
export type { PortRange } from './capturer';
export {
  type ExpertFlag,
  hasTcpFlag,
  PAYLOAD_HEX_LIMIT_BYTES,
  type Packet,
  type PacketDirection,
  type PayloadView,
  packetDirection,
  type TcpOptionsView,
  type TcpView,
  type TransportProtocol,
  type UdpView,
} from './packet';
export { encodePcapng, PcapngWriter, type PcapngWriterOptions } from './pcapng-writer';
export { frameTimeSeconds, type RawFrame } from './raw-frame';
