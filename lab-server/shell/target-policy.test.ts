/**
 * Where the lab shell may connect: lab servers by name or address, loopback in local mode, nothing else — and
 * no name lookups that could reach the network.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shellServer } from '../testing/shell-harness';
import { resolveTarget } from './target-policy';

const echo = shellServer({
  id: 'echo',
  kind: 'tcp-echo',
  title: 'E',
  transport: 'tcp',
  host: '127.0.0.1',
  port: 20417,
});
const local = { servers: [echo], allowLoopback: true };
const classroom = { servers: [echo], allowLoopback: false };

describe('resolveTarget', () => {
  it('finds lab servers by name, port or address', () => {
    for (const words of [['echo'], ['20417'], ['127.0.0.1:20417'], ['localhost:20417'], ['127.0.0.1', '20417']]) {
      const result = resolveTarget(words, classroom);
      assert.ok(result.ok, words.join(' '));
      assert.equal(result.target.port, 20417);
      assert.equal(result.target.server?.id, 'echo');
    }
  });

  it('reaches a lab server advertised on a network address over loopback', () => {
    const lan = { ...echo, host: '198.51.100.7' };
    const result = resolveTarget(['198.51.100.7:20417'], { servers: [lan], allowLoopback: false });
    assert.ok(result.ok);
    assert.equal(result.target.host, '127.0.0.1');
  });

  it('allows the student’s own loopback servers only in local mode', () => {
    assert.ok(resolveTarget(['9000'], local).ok);
    assert.ok(resolveTarget(['[::1]:9000'], local).ok);
    const refused = resolveTarget(['9000'], classroom);
    assert.equal(refused.ok, false);
    assert.match(!refused.ok ? refused.why.en : '', /classroom/);
  });

  it('refuses other hosts, names and bad ports', () => {
    for (const words of [
      ['192.0.2.1:80'],
      ['example.com:80'],
      ['10.0.0.1', '22'],
      ['127.0.0.1:0'],
      ['127.0.0.1:70000'],
      ['x'],
    ]) {
      const result = resolveTarget(words, local);
      assert.equal(result.ok, false, words.join(' '));
    }
    const name = resolveTarget(['example.com:80'], local);
    assert.match(!name.ok ? name.why.en : '', /does not look up host names/);
  });

  it('lets an address name the lab server of its own transport, where a TCP and a UDP one share a port', () => {
    const udpEcho = { ...echo, id: 'udp', kind: 'udp-echo', transport: 'udp' as const };
    const both = { servers: [echo, udpEcho], allowLoopback: false };
    const tcp = resolveTarget(['20417'], both);
    const udp = resolveTarget(['127.0.0.1:20417'], both, 'udp');
    assert.equal(tcp.ok && tcp.target.server?.id, 'echo');
    assert.equal(udp.ok && udp.target.server?.id, 'udp');
    const udpOnly = { servers: [udpEcho], allowLoopback: false };
    const refused = resolveTarget(['20417'], udpOnly);
    assert.match(!refused.ok ? refused.why.en : '', /classroom/, 'TCP to a port only a UDP server has');
    assert.equal(resolveTarget(['udp'], udpOnly, 'udp').ok, true, 'by name, as for TCP');
  });
});
