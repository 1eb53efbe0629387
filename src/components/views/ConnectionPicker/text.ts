/**
 * What the connection picker says, in every language of the course. It names what it offers as the ladder does
 * (`LadderDiagram/text.ts`): a connection for TCP, a flow for UDP, which the UDP lesson says is not a connection,
 * and both where the list holds both; each UDP option says so.
 */

import { type Localized, localized } from '../../../common/localized';
import type { LadderConnection } from '../../../lab-client/ladder';
import { type LadderKinds, ladderKinds } from '../../LadderDiagram/text';

export const TEXT = localized({
  en: {
    label: 'Connection',
    labelUdp: 'Flow',
    labelBoth: 'Connection or flow',
    /** After the connection's name: a space before it in English, none before Chinese parentheses. */
    packets: (n: number) => ` (${n} ${n === 1 ? 'packet' : 'packets'})`,
    single: (connection: number, client: string, server: string) => `Connection #${connection}: ${client} → ${server}`,
    singleUdp: (flow: number, client: string, server: string) => `UDP flow #${flow}: ${client} → ${server}`,
  },
  'zh-Hans': {
    label: '连接',
    labelUdp: '流',
    labelBoth: '连接或流',
    packets: (n) => `（${n} 个数据包）`,
    single: (connection, client, server) => `连接 #${connection}：${client} → ${server}`,
    singleUdp: (flow, client, server) => `UDP 流 #${flow}：${client} → ${server}`,
  },
});

const LABELS: Readonly<Record<LadderKinds, Localized>> = {
  tcp: TEXT.label,
  udp: TEXT.labelUdp,
  both: TEXT.labelBoth,
};

/** The select's label: "Connection", "Flow", or "Connection or flow", as the list holds TCP, UDP or both. */
export function pickerLabel(connections: readonly LadderConnection[]): Localized {
  return LABELS[ladderKinds(connections.map((connection) => connection.transport))];
}

/**
 * An option, `#1 127.0.0.1:54122 → echo` or `UDP #2 127.0.0.1:50001 → echo`: numbers, addresses and ids, the
 * same in every language.
 */
export function optionText(c: LadderConnection): string {
  return `${c.transport === 'udp' ? 'UDP ' : ''}#${c.connection} ${c.client} → ${c.serverId ?? c.server}`;
}

/** The name alone, when there is nothing to pick from. */
export function singleText(c: LadderConnection): Localized {
  return (c.transport === 'udp' ? TEXT.singleUdp : TEXT.single)(c.connection, c.client, c.server);
}
