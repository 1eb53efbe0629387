/**
 * The tshark line parser: a real-shaped line becomes fields, and anything else — warnings, truncated lines,
 * wrong separators, huge or binary junk — becomes `undefined`, never an exception or a wrong packet.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIELD_SEPARATOR, parseFieldsLine, TSHARK_FIELDS, tsharkArgs } from './tshark-fields';

function line(values: Readonly<Record<string, string>>): string {
  return TSHARK_FIELDS.map((field) => values[field] ?? '').join(FIELD_SEPARATOR);
}

const SYN_ACK: Readonly<Record<string, string>> = {
  'frame.number': '2',
  'frame.time_epoch': '1700000000.711385000',
  'frame.len': '74',
  'ip.src': '127.0.0.1',
  'ip.dst': '127.0.0.1',
  'tcp.srcport': '38050',
  'tcp.dstport': '41494',
  'tcp.stream': '0',
  'tcp.seq': '0',
  'tcp.seq_raw': '2669603372',
  'tcp.ack': '1',
  'tcp.ack_raw': '2201997388',
  'tcp.flags': '0x0012',
  'tcp.window_size_value': '65483',
  'tcp.window_size': '65483',
  'tcp.len': '0',
  'tcp.options.mss_val': '65495',
  'tcp.options.wscale.shift': '10',
  'tcp.options.sack_perm': '0402',
  'tcp.options.timestamp.tsval': '1314405976',
  'tcp.options.timestamp.tsecr': '3742293178',
};

describe('parseFieldsLine', () => {
  it('reads a TCP line, flags from the hex value', () => {
    const fields = parseFieldsLine(line(SYN_ACK));
    assert.ok(fields);
    assert.equal(fields.frameNumber, 2);
    assert.equal(fields.protocol, 'tcp');
    assert.equal(fields.ipVersion, 4);
    assert.equal(fields.srcPort, 38050);
    assert.equal(fields.tcp?.flags, 0x12);
    assert.equal(fields.tcp?.seqRaw, 2669603372);
    assert.equal(fields.tcp?.windowScale, 10);
    assert.equal(fields.tcp?.sackPermitted, true);
    assert.deepEqual(fields.tcp?.expert, []);
  });

  it('reads expert flags as present-or-absent', () => {
    const fields = parseFieldsLine(
      line({ ...SYN_ACK, 'tcp.analysis.retransmission': '1', 'tcp.analysis.window_update': '1' }),
    );
    assert.deepEqual(fields?.tcp?.expert, ['retransmission', 'window-update']);
  });

  it('reads an IPv6 UDP line and takes the first of repeated occurrences', () => {
    const fields = parseFieldsLine(
      line({
        'frame.number': '9',
        'ipv6.src': '::1,::2',
        'ipv6.dst': '::1',
        'udp.srcport': '50000',
        'udp.dstport': '38001',
        'udp.length': '20',
      }),
    );
    assert.equal(fields?.ipVersion, 6);
    assert.equal(fields?.src, '::1');
    assert.equal(fields?.protocol, 'udp');
    assert.equal(fields?.udpLength, 20);
  });

  it('reads the IPv4 header, its flags and its verified checksum, and the TCP header fields', () => {
    const ipv4 = {
      'ip.hdr_len': '20',
      'ip.dsfield.dscp': '46',
      'ip.dsfield.ecn': '1',
      'ip.len': '60',
      'ip.id': '0x1051',
      'ip.flags.df': '1',
      'ip.flags.mf': '0',
      'ip.frag_offset': '0',
      'ip.ttl': '64',
      'ip.proto': '6',
      'ip.checksum': '0x2c69',
      'ip.checksum.status': '1',
      'ip.checksum_calculated': '0x2c69',
      'tcp.hdr_len': '40',
      'tcp.checksum': '0xfe30',
      'tcp.checksum.status': '2',
      'tcp.urgent_pointer': '0',
    };
    const fields = parseFieldsLine(line({ ...SYN_ACK, ...ipv4 }));
    assert.deepEqual(fields?.ip, {
      headerLength: 20,
      dscp: 46,
      ecn: 1,
      totalLength: 60,
      identification: 0x1051,
      dontFragment: true,
      moreFragments: false,
      fragmentOffset: 0,
      ttl: 64,
      protocol: 6,
      checksum: { value: 0x2c69, status: 'good' },
    });
    assert.equal(fields?.tcp?.headerLength, 40);
    assert.deepEqual(fields?.tcp?.checksum, { value: 0xfe30, status: 'unverified' });
    assert.equal(fields?.tcp?.urgentPointer, 0);
    const bad = parseFieldsLine(
      line({ ...SYN_ACK, ...ipv4, 'ip.checksum.status': '0', 'ip.checksum_calculated': '0x2c6a' }),
    );
    assert.deepEqual(bad?.ip?.checksum, { value: 0x2c69, status: 'bad', expected: 0x2c6a });
    const absent = parseFieldsLine(line({ ...SYN_ACK, ...ipv4, 'ip.checksum.status': '3' }));
    assert.equal(absent?.ip?.checksum, undefined, '"not present" is no checksum');
  });

  it('reads the IPv6 fixed header', () => {
    const fields = parseFieldsLine(
      line({
        'frame.number': '3',
        'ipv6.src': '::1',
        'ipv6.dst': '::1',
        'ipv6.tclass.dscp': '0',
        'ipv6.tclass.ecn': '0',
        'ipv6.plen': '40',
        'ipv6.flow': '0x000abcde',
        'ipv6.nxt': '6',
        'ipv6.hlim': '64',
        'tcp.srcport': '1',
        'tcp.dstport': '2',
        'tcp.flags': '0x002',
      }),
    );
    assert.deepEqual(fields?.ip, {
      headerLength: 40,
      dscp: 0,
      ecn: 0,
      payloadLength: 40,
      ttl: 64,
      protocol: 6,
      flowLabel: 0xabcde,
    });
  });

  it('leaves out header fields outside their width rather than pass them on', () => {
    const fields = parseFieldsLine(
      line({
        ...SYN_ACK,
        'ip.hdr_len': '20',
        'ip.dsfield.dscp': '0',
        'ip.dsfield.ecn': '0',
        'ip.ttl': '64',
        'ip.proto': '6',
        'ip.id': '0x10000',
        'ip.checksum': '0x123456',
        'ip.checksum.status': '1',
        'tcp.hdr_len': '12',
      }),
    );
    assert.equal(fields?.ip?.ttl, 64);
    assert.equal(fields?.ip?.identification, undefined);
    assert.equal(fields?.ip?.checksum, undefined);
    assert.equal(fields?.tcp?.headerLength, undefined);
    const noTtl = parseFieldsLine(line({ ...SYN_ACK, 'ip.hdr_len': '20', 'ip.dsfield.dscp': '0', 'ip.ttl': '300' }));
    assert.equal(noTtl?.ip, undefined, 'a header without its fixed fields gives no IP view');
    assert.equal(parseFieldsLine(line(SYN_ACK))?.ip, undefined);
  });

  it('tolerates a trailing carriage return', () => {
    assert.equal(parseFieldsLine(`${line(SYN_ACK)}\r`)?.frameNumber, 2);
  });

  it('rejects garbage without throwing', () => {
    const garbage = [
      '',
      '\n',
      'Running as user "root" and group "root". This could be dangerous.',
      'tshark: The file "/tmp/x" appears to have been cut short in the middle of a packet.',
      line(SYN_ACK).split(FIELD_SEPARATOR).slice(0, 10).join(FIELD_SEPARATOR),
      `${line(SYN_ACK)}${FIELD_SEPARATOR}extra`,
      line({ ...SYN_ACK, 'frame.number': 'x' }),
      line({ ...SYN_ACK, 'frame.number': '0' }),
      line({ ...SYN_ACK, 'frame.number': '-3' }),
      line({ ...SYN_ACK, 'tcp.flags': 'SYN' }),
      line({ ...SYN_ACK, 'tcp.srcport': '99999999999999999999' }),
      line(SYN_ACK).replaceAll(FIELD_SEPARATOR, '\t'),
      FIELD_SEPARATOR.repeat(TSHARK_FIELDS.length - 1),
      'A'.repeat(100_000),
      '\u0000\u0001\u0002\uffff',
    ];
    for (const text of garbage) assert.equal(parseFieldsLine(text), undefined, JSON.stringify(text.slice(0, 60)));
  });

  it('never throws on random lines of the right column count', () => {
    let seed = 11;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const alphabet = '0123456789abcdefx.,:- \u00e9\u001e';
    for (let round = 0; round < 2000; round++) {
      const columns = TSHARK_FIELDS.map(() =>
        Array.from({ length: random() % 6 }, () => alphabet[random() % alphabet.length]).join(''),
      );
      assert.doesNotThrow(() => parseFieldsLine(columns.join(FIELD_SEPARATOR)));
    }
  });

  it('asks tshark for fields with our separator, every occurrence, and a private temp dir', () => {
    const args = tsharkArgs({ inputPath: '/tmp/x/frames-1.pcap', tempDir: '/tmp/x' });
    assert.ok(args.includes(`separator=${FIELD_SEPARATOR}`));
    assert.ok(args.includes('occurrence=a'));
    assert.equal(args[args.indexOf('--temp-dir') + 1], '/tmp/x');
    assert.equal(args.filter((arg) => arg === '-e').length, TSHARK_FIELDS.length);
    assert.equal(args[args.indexOf('ip.check_checksum:TRUE') - 1], '-o', 'the IPv4 header checksum is verified');
    assert.ok(!args.some((arg) => arg.startsWith('tcp.check_checksum')), 'the TCP one is not: loopback never sets it');
  });
});
