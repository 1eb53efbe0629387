/**
 * What the page is told when the capturer fails, from the exits tcpdump and dumpcap really give: each reason
 * in both languages, with the program's own words, its path and the commands to type quoted as they are.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { captureFilter, capturerArgs, describeCapturerFailure, interfaceLink } from './capturer';
import type { ChildExit } from './process-group';

function exited(stderr: string, code: number | null = 1, signal: NodeJS.Signals | null = null): ChildExit {
  return { code, signal, spawnError: undefined, stderr };
}

describe('describeCapturerFailure', () => {
  it('says how to grant capture rights, quoting tcpdump and the setcap command', () => {
    const stderr =
      "tcpdump: lo: You don't have permission to perform this capture on that device\n(socket: Operation not permitted)\n";
    const setcap = 'sudo setcap cap_net_raw,cap_net_admin+eip /usr/bin/tcpdump';
    assert.deepEqual(describeCapturerFailure('/usr/bin/tcpdump', exited(stderr)), {
      en: `tcpdump may not capture packets (socket: Operation not permitted). Run the lab server as root, or allow capturing with: ${setcap}`,
      'zh-Hans': `tcpdump 没有抓包权限（socket: Operation not permitted）。请以 root 身份运行实验服务器，或用这条命令允许抓包：${setcap}`,
    });
  });

  it('gives dumpcap its own way to grant rights', () => {
    const reason = describeCapturerFailure('/usr/bin/dumpcap', exited('dumpcap: lo: Operation not permitted'));
    for (const text of Object.values(reason)) {
      assert.match(text, /sudo dpkg-reconfigure wireshark-common/);
      assert.match(text, /sudo usermod -aG wireshark \$USER/);
      assert.match(text, /sudo setcap cap_net_raw,cap_net_admin\+eip \/usr\/bin\/dumpcap/);
    }
    assert.match(reason['zh-Hans'], /^dumpcap 没有抓包权限（dumpcap: lo: Operation not permitted）。请以 root 身份/);
  });

  it('names a missing interface, a signal (not quoting the start-up banner) and an exit code, and a program that is not there', () => {
    const noDevice = 'tcpdump: eth9: No such device exists\n(SIOCGIFHWADDR: No such device)';
    assert.deepEqual(describeCapturerFailure('tcpdump', exited(noDevice)), {
      en: 'tcpdump cannot find the capture interface (SIOCGIFHWADDR: No such device).',
      'zh-Hans': 'tcpdump 找不到要抓包的网络接口（SIOCGIFHWADDR: No such device）。',
    });
    const banner = 'tcpdump: listening on lo, link-type EN10MB (Ethernet), snapshot length 4016 bytes\n';
    assert.deepEqual(describeCapturerFailure('tcpdump', exited(banner, null, 'SIGKILL')), {
      en: 'tcpdump was stopped by SIGKILL',
      'zh-Hans': 'tcpdump 被 SIGKILL 信号终止',
    });
    assert.deepEqual(describeCapturerFailure('tcpdump', exited('tcpdump: syntax error', 1)), {
      en: 'tcpdump exited with code 1: tcpdump: syntax error',
      'zh-Hans': 'tcpdump 已退出，退出码 1：tcpdump: syntax error',
    });
    const missing: ChildExit = { code: null, signal: null, spawnError: 'ENOENT', stderr: '' };
    assert.deepEqual(describeCapturerFailure('/opt/x/dumpcap', missing), {
      en: 'dumpcap was not found at /opt/x/dumpcap; install it (apt-get install wireshark-common).',
      'zh-Hans': '在 /opt/x/dumpcap 找不到 dumpcap，请先安装（apt-get install wireshark-common）。',
    });
  });
});

describe('captureFilter and capturerArgs', () => {
  const ports = { from: 20000, to: 29999 };
  const options = { path: 'tcpdump', filter: 'f', bufferKiB: 1024, snapLength: 4016 };

  it("keeps one copy of loopback packets, both directions elsewhere, and the scope's interfaces on any", () => {
    const lab = '(tcp or udp) and (portrange 20000-29999 or udp port 19999)';
    assert.equal(captureFilter(ports, 19999, interfaceLink('lo')), `inbound and ${lab}`);
    assert.equal(captureFilter(ports, 19999, interfaceLink('eth0')), lab);
    assert.equal(
      captureFilter(ports, 19999, '((ifindex 1 and inbound) or ifindex 3)'),
      `((ifindex 1 and inbound) or ifindex 3) and ${lab}`,
    );
  });

  it('asks for LINUX_SLL2 on any only, which the ifindex filter needs', () => {
    assert.deepEqual(capturerArgs('tcpdump', { ...options, interface: 'lo' }).slice(0, 3), ['-i', 'lo', '-n']);
    assert.deepEqual(capturerArgs('tcpdump', { ...options, interface: 'any' }).slice(0, 4), [
      '-i',
      'any',
      '-y',
      'LINUX_SLL2',
    ]);
    assert.deepEqual(capturerArgs('dumpcap', { ...options, interface: 'any' }).slice(0, 4), [
      '-i',
      'any',
      '-y',
      'LINUX_SLL2',
    ]);
  });
});
