/**
 * What we ask tshark for and how we read its answer. `-T fields -E occurrence=a` is the cheap output (DESIGN.md:
 * `-T ek` costs 3×); columns are separated by U+001F, which no field we ask for can contain (addresses, numbers,
 * hex), so a line splits without quoting rules. `tcp.flags` is read as its hex value, not `tcp.flags.str`. The
 * payload is not asked for: it is cut, capped, from the raw frame we hold (see `frame-layers.ts`). A line that
 * does not have the expected shape is rejected as a whole — tshark may print warnings on stdout, and a bad
 * line must never become a wrong packet.
 */

import type { ChecksumView, ExpertFlag, IpView } from './packet';

export const FIELD_SEPARATOR = '\u001f';

/** Expert fields, each FT_NONE: present (non-empty) or absent. */
const EXPERT_FIELDS: readonly (readonly [string, ExpertFlag])[] = [
  ['tcp.analysis.retransmission', 'retransmission'],
  ['tcp.analysis.fast_retransmission', 'fast-retransmission'],
  ['tcp.analysis.spurious_retransmission', 'spurious-retransmission'],
  ['tcp.analysis.out_of_order', 'out-of-order'],
  ['tcp.analysis.lost_segment', 'previous-segment-not-captured'],
  ['tcp.analysis.duplicate_ack', 'duplicate-ack'],
  ['tcp.analysis.zero_window', 'zero-window'],
  ['tcp.analysis.zero_window_probe', 'zero-window-probe'],
  ['tcp.analysis.keep_alive', 'keep-alive'],
  ['tcp.analysis.keep_alive_ack', 'keep-alive-ack'],
  ['tcp.analysis.window_full', 'window-full'],
  ['tcp.analysis.window_update', 'window-update'],
];

export const TSHARK_FIELDS: readonly string[] = [
  'frame.number',
  'frame.time_epoch',
  'frame.len',
  'ip.src',
  'ipv6.src',
  'ip.dst',
  'ipv6.dst',
  'tcp.srcport',
  'tcp.dstport',
  'udp.srcport',
  'udp.dstport',
  'tcp.stream',
  'tcp.seq',
  'tcp.seq_raw',
  'tcp.ack',
  'tcp.ack_raw',
  'tcp.flags',
  'tcp.window_size_value',
  'tcp.window_size',
  'tcp.len',
  'tcp.options.mss_val',
  'tcp.options.wscale.shift',
  'tcp.options.sack_perm',
  'tcp.options.timestamp.tsval',
  'tcp.options.timestamp.tsecr',
  'udp.length',
  ...EXPERT_FIELDS.map(([field]) => field),
  // The header fields the packet detail shows; numbers only, so the line stays cheap to print and to split.
  'ip.hdr_len',
  'ip.dsfield.dscp',
  'ip.dsfield.ecn',
  'ip.len',
  'ip.id',
  'ip.flags.df',
  'ip.flags.mf',
  'ip.frag_offset',
  'ip.ttl',
  'ip.proto',
  'ip.checksum',
  'ip.checksum.status',
  'ip.checksum_calculated',
  'ipv6.tclass.dscp',
  'ipv6.tclass.ecn',
  'ipv6.plen',
  'ipv6.flow',
  'ipv6.nxt',
  'ipv6.hlim',
  'tcp.hdr_len',
  'tcp.checksum',
  'tcp.checksum.status',
  'tcp.checksum_calculated',
  'tcp.urgent_pointer',
];

/** Column index of each field, looked up once: the parser runs for every packet of a burst. */
const COLUMN: Readonly<Record<string, number>> = Object.fromEntries(
  TSHARK_FIELDS.map((field, index) => [field, index]),
);
const EXPERT_COLUMNS = EXPERT_FIELDS.map(([field, flag]) => [COLUMN[field]!, flag] as const);

export interface DissectedTcp {
  /** tshark's stream index: only meaningful within one tshark run. */
  readonly stream: number | undefined;
  readonly seq: number | undefined;
  readonly seqRaw: number | undefined;
  readonly ack: number | undefined;
  readonly ackRaw: number | undefined;
  readonly flags: number;
  readonly windowValue: number | undefined;
  /** tshark's calculated window; it only knows the scale if it saw both SYNs in this run. */
  readonly window: number | undefined;
  readonly len: number;
  readonly mss: number | undefined;
  readonly windowScale: number | undefined;
  readonly sackPermitted: boolean;
  readonly tsval: number | undefined;
  readonly tsecr: number | undefined;
  readonly expert: readonly ExpertFlag[];
  readonly headerLength?: number;
  readonly checksum?: ChecksumView;
  readonly urgentPointer?: number;
}

export interface DissectedFields {
  readonly frameNumber: number;
  readonly timeEpoch: number | undefined;
  readonly frameLength: number | undefined;
  readonly ipVersion: 4 | 6 | undefined;
  readonly src: string;
  readonly dst: string;
  readonly protocol: 'tcp' | 'udp' | undefined;
  readonly srcPort: number | undefined;
  readonly dstPort: number | undefined;
  /** The IP header's other fields; absent when tshark printed too few of them to trust. */
  readonly ip?: IpView;
  readonly tcp: DissectedTcp | undefined;
  readonly udpLength: number | undefined;
}

export interface TsharkArgsOptions {
  readonly inputPath: string;
  readonly tempDir: string;
}

export function tsharkArgs(options: TsharkArgsOptions): string[] {
  return [
    '-n',
    '-l',
    '-r',
    options.inputPath,
    '--temp-dir',
    options.tempDir,
    // Reassembly only matters for protocols above TCP, which we never ask for; off, it costs no memory.
    '-o',
    'tcp.desegment_tcp_streams:FALSE',
    // The IPv4 header checksum is computed in software even on loopback, so checking it (20 bytes) is true
    // and cheap. The TCP checksum stays unverified: on loopback, and with checksum offload, the captured value
    // is unfinished by design, and tshark would call every such segment bad.
    '-o',
    'ip.check_checksum:TRUE',
    '-o',
    'tcp.analyze_sequence_numbers:TRUE',
    '-T',
    'fields',
    '-E',
    `separator=${FIELD_SEPARATOR}`,
    '-E',
    'occurrence=a',
    '-E',
    'header=n',
    ...TSHARK_FIELDS.flatMap((field) => ['-e', field]),
  ];
}

/** Parses one output line; `undefined` for anything that is not a well-formed line of our field list. */
export function parseFieldsLine(line: string): DissectedFields | undefined {
  const columns = (line.endsWith('\r') ? line.slice(0, -1) : line).split(FIELD_SEPARATOR);
  if (columns.length !== TSHARK_FIELDS.length) return undefined;

  const frameNumber = integer(columns, 'frame.number');
  if (frameNumber === undefined || frameNumber < 1) return undefined;
  const timeText = text(columns, 'frame.time_epoch');
  const timeEpoch = /^\d+(\.\d+)?$/.test(timeText) ? Number(timeText) : undefined;

  const ip4src = text(columns, 'ip.src');
  const ip6src = text(columns, 'ipv6.src');
  const ipVersion = ip4src !== '' ? 4 : ip6src !== '' ? 6 : undefined;
  const src = ipVersion === 4 ? ip4src : ip6src;
  const dst = ipVersion === 4 ? text(columns, 'ip.dst') : text(columns, 'ipv6.dst');

  let protocol: 'tcp' | 'udp' | undefined;
  let srcPort: number | undefined;
  let dstPort: number | undefined;
  let tcp: DissectedTcp | undefined;
  if (text(columns, 'tcp.srcport') !== '') {
    protocol = 'tcp';
    srcPort = integer(columns, 'tcp.srcport');
    dstPort = integer(columns, 'tcp.dstport');
    const flags = integer(columns, 'tcp.flags');
    if (srcPort === undefined || dstPort === undefined || flags === undefined) return undefined;
    const expert: ExpertFlag[] = [];
    for (const [column, flag] of EXPERT_COLUMNS) if (first(columns[column] ?? '') !== '') expert.push(flag);
    const headerLength = bounded(columns, 'tcp.hdr_len', 20, 60);
    const checksum = checksumView(columns, 'tcp.checksum', 'tcp.checksum.status', 'tcp.checksum_calculated');
    const urgentPointer = bounded(columns, 'tcp.urgent_pointer', 0, 0xffff);
    tcp = {
      stream: integer(columns, 'tcp.stream'),
      seq: integer(columns, 'tcp.seq'),
      seqRaw: integer(columns, 'tcp.seq_raw'),
      ack: integer(columns, 'tcp.ack'),
      ackRaw: integer(columns, 'tcp.ack_raw'),
      flags,
      windowValue: integer(columns, 'tcp.window_size_value'),
      window: integer(columns, 'tcp.window_size'),
      len: integer(columns, 'tcp.len') ?? 0,
      mss: integer(columns, 'tcp.options.mss_val'),
      windowScale: integer(columns, 'tcp.options.wscale.shift'),
      sackPermitted: text(columns, 'tcp.options.sack_perm') !== '',
      tsval: integer(columns, 'tcp.options.timestamp.tsval'),
      tsecr: integer(columns, 'tcp.options.timestamp.tsecr'),
      expert,
      ...(headerLength !== undefined && { headerLength }),
      ...(checksum !== undefined && { checksum }),
      ...(urgentPointer !== undefined && { urgentPointer }),
    };
  } else if (text(columns, 'udp.srcport') !== '') {
    protocol = 'udp';
    srcPort = integer(columns, 'udp.srcport');
    dstPort = integer(columns, 'udp.dstport');
    if (srcPort === undefined || dstPort === undefined) return undefined;
  }

  const ip = ipVersion === 4 ? ipv4View(columns) : ipVersion === 6 ? ipv6View(columns) : undefined;
  return {
    frameNumber,
    timeEpoch,
    frameLength: integer(columns, 'frame.len'),
    ipVersion,
    src,
    dst,
    protocol,
    srcPort,
    dstPort,
    ...(ip !== undefined && { ip }),
    tcp,
    udpLength: protocol === 'udp' ? integer(columns, 'udp.length') : undefined,
  };
}

/** IPv4's header fields; `undefined` unless the ones every IPv4 header has are all there. */
function ipv4View(columns: readonly string[]): IpView | undefined {
  const headerLength = bounded(columns, 'ip.hdr_len', 20, 60);
  const dscp = bounded(columns, 'ip.dsfield.dscp', 0, 63);
  const ecn = bounded(columns, 'ip.dsfield.ecn', 0, 3);
  const ttl = bounded(columns, 'ip.ttl', 0, 255);
  const protocol = bounded(columns, 'ip.proto', 0, 255);
  if (headerLength === undefined || dscp === undefined || ecn === undefined) return undefined;
  if (ttl === undefined || protocol === undefined) return undefined;
  const totalLength = bounded(columns, 'ip.len', 0, 0xffff);
  const identification = bounded(columns, 'ip.id', 0, 0xffff);
  const fragmentOffset = bounded(columns, 'ip.frag_offset', 0, 0x1fff);
  const df = text(columns, 'ip.flags.df');
  const mf = text(columns, 'ip.flags.mf');
  const checksum = checksumView(columns, 'ip.checksum', 'ip.checksum.status', 'ip.checksum_calculated');
  return {
    headerLength,
    dscp,
    ecn,
    ...(totalLength !== undefined && { totalLength }),
    ...(identification !== undefined && { identification }),
    ...(df !== '' && { dontFragment: df === '1' }),
    ...(mf !== '' && { moreFragments: mf === '1' }),
    ...(fragmentOffset !== undefined && { fragmentOffset }),
    ttl,
    protocol,
    ...(checksum !== undefined && { checksum }),
  };
}

/** IPv6's fixed header (RFC 8200 §3); `undefined` unless its hop limit and next header are there. */
function ipv6View(columns: readonly string[]): IpView | undefined {
  const ttl = bounded(columns, 'ipv6.hlim', 0, 255);
  const protocol = bounded(columns, 'ipv6.nxt', 0, 255);
  if (ttl === undefined || protocol === undefined) return undefined;
  const payloadLength = bounded(columns, 'ipv6.plen', 0, 0xffff);
  const flowLabel = bounded(columns, 'ipv6.flow', 0, 0xfffff);
  return {
    headerLength: 40,
    dscp: bounded(columns, 'ipv6.tclass.dscp', 0, 63) ?? 0,
    ecn: bounded(columns, 'ipv6.tclass.ecn', 0, 3) ?? 0,
    ...(payloadLength !== undefined && { payloadLength }),
    ttl,
    protocol,
    ...(flowLabel !== undefined && { flowLabel }),
  };
}

/** tshark's checksum status: 0 bad, 1 good, 2 unverified, 3 not present, 4 illegal (epan/proto.h). */
function checksumView(
  columns: readonly string[],
  field: string,
  statusField: string,
  calculatedField: string,
): ChecksumView | undefined {
  const value = bounded(columns, field, 0, 0xffff);
  const code = text(columns, statusField);
  if (value === undefined || code === '3') return undefined;
  if (code === '1') return { value, status: 'good' };
  if (code !== '0') return { value, status: 'unverified' };
  const expected = bounded(columns, calculatedField, 0, 0xffff);
  return { value, status: 'bad', ...(expected !== undefined && { expected }) };
}

function text(columns: readonly string[], field: string): string {
  return first(columns[COLUMN[field]!] ?? '');
}

function integer(columns: readonly string[], field: string): number | undefined {
  return parseInteger(text(columns, field));
}

/** With `occurrence=a` a field that occurs twice (an ICMP error quoting a header) reads `a,b`; the outer one is first. */
function first(value: string): string {
  const comma = value.indexOf(',');
  return comma === -1 ? value : value.slice(0, comma);
}

/**
 * An integer within its header field's width, or `undefined`: a malformed header must not give the page a
 * number its decoder refuses, which would cost the whole packet.
 */
function bounded(columns: readonly string[], field: string, min: number, max: number): number | undefined {
  const value = integer(columns, field);
  return value === undefined || value < min || value > max ? undefined : value;
}

function parseInteger(value: string): number | undefined {
  if (/^\d{1,15}$/.test(value)) return Number(value);
  if (/^0x[0-9a-fA-F]{1,12}$/.test(value)) return Number.parseInt(value.slice(2), 16);
  return undefined;
}
