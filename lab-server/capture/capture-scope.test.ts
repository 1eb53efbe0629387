/**
 * Which interfaces a LAN lab host's capture covers, read from a table instead of the machine: the interface
 * that carries the lab host's address, or for a wildcard every interface with an address that is no bridge's or
 * bond's port; never `lo` twice; and the BPF filter that picks them.
 */

import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, it } from 'node:test';
import {
  type InterfaceFacts,
  isLoopbackHost,
  isWildcardHost,
  lanCaptureScope,
  localAddressKeys,
  type ScopeSystem,
  scopeFilter,
} from './capture-scope';

function info(address: string, internal = false): NetworkInterfaceInfo {
  const family = address.includes(':') ? 'IPv6' : 'IPv4';
  const common = { address, netmask: '', mac: '00:00:00:00:00:00', internal, cidr: null };
  return family === 'IPv6' ? { ...common, family, scopeid: 0 } : { ...common, family };
}

/** A classroom machine: Wi-Fi, an Ethernet card under a bridge for virtual machines, docker, a WireGuard tunnel. */
const MACHINE_TABLE: NodeJS.Dict<NetworkInterfaceInfo[]> = {
  lo: [info('127.0.0.1', true), info('::1', true)],
  wlan0: [info('fe80::1'), info('192.168.1.20')],
  br0: [info('10.0.0.5')],
  eth0: [info('fe80::2')],
  docker0: [info('172.17.0.1')],
  veth1: [info('fe80::3')],
  wg0: [info('10.8.0.2')],
};

const FACTS: Record<string, InterfaceFacts> = {
  lo: { index: 1, enslaved: false, multicast: true },
  wlan0: { index: 3, enslaved: false, multicast: true },
  br0: { index: 4, enslaved: false, multicast: true },
  eth0: { index: 2, enslaved: true, multicast: true },
  docker0: { index: 5, enslaved: false, multicast: true },
  veth1: { index: 9, enslaved: true, multicast: true },
  wg0: { index: 7, enslaved: false, multicast: false },
};

const system: ScopeSystem = {
  interfaces: () => MACHINE_TABLE,
  interfaceFacts: async (name) => FACTS[name],
  resolve: async (host) => {
    if (host === 'lab.local') return ['192.168.1.20'];
    throw new Error(`getaddrinfo ENOTFOUND ${host}`);
  },
};

describe('capture scope', () => {
  it('tells loopback and wildcard hosts', () => {
    for (const host of ['localhost', '127.0.0.1', '127.3.4.5', '::1', '::ffff:127.0.0.1']) {
      assert.equal(isLoopbackHost(host), true, host);
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'lab.local', 'fe80::1']) {
      assert.equal(isLoopbackHost(host), false, host);
    }
    assert.deepEqual(['0.0.0.0', '::', '::ffff:0.0.0.0', '192.168.1.20'].map(isWildcardHost), [
      true,
      true,
      true,
      false,
    ]);
  });

  it('covers the interface that carries a LAN address, sending its canary from that address', async () => {
    const scope = await lanCaptureScope('192.168.1.20', system);
    assert.deepEqual(scope, {
      interface: 'any',
      loopbackIndex: 1,
      lan: [{ name: 'wlan0', index: 3, address: '192.168.1.20', family: 4, multicast: true }],
    });
    assert.equal(scopeFilter(scope), '((ifindex 1 and inbound) or ifindex 3)');
    assert.deepEqual((await lanCaptureScope('lab.local', system)).lan, scope.lan);
  });

  it('covers every interface with an address for a wildcard, but no bridge or bond port and not lo', async () => {
    const scope = await lanCaptureScope('0.0.0.0', system);
    assert.deepEqual(
      scope.lan.map(({ name, index, address, multicast }) => `${name} ${index} ${address} ${multicast}`),
      ['wlan0 3 192.168.1.20 true', 'br0 4 10.0.0.5 true', 'docker0 5 172.17.0.1 true', 'wg0 7 10.8.0.2 false'],
    );
    assert.equal(scopeFilter(scope), '((ifindex 1 and inbound) or ifindex 3 or ifindex 4 or ifindex 5 or ifindex 7)');
    assert.deepEqual((await lanCaptureScope('::', system)).lan, scope.lan);
  });

  it('says why when no interface carries the lab host, and then covers lo only', async () => {
    const scope = await lanCaptureScope('192.168.9.9', system);
    assert.deepEqual(scope.lan, []);
    assert.equal(scope.missing?.en, 'no network interface of this machine has the address 192.168.9.9');
    assert.match(scope.missing?.['zh-Hans'] ?? '', /^本机没有哪个网络接口拥有地址 192\.168\.9\.9$/);
    assert.equal(scopeFilter(scope), '((ifindex 1 and inbound))');
    const unresolved = await lanCaptureScope('nowhere.invalid', system);
    assert.equal(
      unresolved.missing?.en,
      'nowhere.invalid could not be resolved (getaddrinfo ENOTFOUND nowhere.invalid)',
    );
  });

  it('knows every address of the host, as keys', () => {
    const keys = localAddressKeys(MACHINE_TABLE);
    for (const key of ['4/127.0.0.1', '4/192.168.1.20', '4/172.17.0.1', `6/fe80${'0'.repeat(27)}1`]) {
      assert.ok(keys.has(key), key);
    }
    assert.equal(keys.has('4/192.168.1.7'), false);
  });
});
