/**
 * The faults a lab can put on its servers, by kind, and the one number that sets each: `loss`, a share of a server
 * port's packets dropped in the lab server's kernel, so that the capture shows real retransmissions; `silence`,
 * every packet to and from the port dropped, as when the peer vanished (a pulled cable, a board that lost power:
 * no FIN, no RST); `restart`, the server taken away for a few seconds and back on the same port, as when its
 * process dies and is started again. A lab's manifest declares which faults its lesson offers; the page, the
 * shell and the decoders hold every setting within the bounds here, and say in every language what is wrong
 * with one that is not.
 */

import { type Localized, localized } from '../common/localized';
import { describe } from './fields';

export const FAULT_KINDS = ['loss', 'silence', 'restart'] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** What a fault's number counts: a whole percent, a switch (0 off, 1 on), whole seconds. */
export type FaultUnit = 'percent' | 'switch' | 'seconds';

export interface FaultSetting {
  readonly min: number;
  readonly max: number;
  readonly unit: FaultUnit;
}

/**
 * Each kind's setting, a whole number within its bounds. `loss`: the share of the port's packets dropped in each
 * direction. `silence`: 1 drops every packet to and from the port, 0 is normal again. `restart`: n > 0 takes the
 * server away now for n seconds (its connections closed as when its process dies, the port refusing connections
 * meanwhile), after which it listens on the same port again and the setting returns to 0 by itself.
 */
export const FAULT_SETTINGS = {
  loss: { min: 0, max: 100, unit: 'percent' },
  silence: { min: 0, max: 1, unit: 'switch' },
  restart: { min: 0, max: 30, unit: 'seconds' },
} as const satisfies Readonly<Record<FaultKind, FaultSetting>>;

const TEXT = localized({
  en: {
    loss: (given: string) => `${given} is not a loss rate: give a whole percent from 0 to 100, like 20.`,
    silence: (given: string) => `${given} is not a silence setting: give 1 to make the peer go silent, 0 to end it.`,
    restart: (given: string) =>
      `${given} is not a restart time: give whole seconds from 1 to 30 to take the server away that long, or 0.`,
  },
  'zh-Hans': {
    loss: (given) => `${given} 不是丢包率：请给出 0 到 100 之间的整数百分比，例如 20。`,
    silence: (given) => `${given} 不是静默设置：1 表示让对端静默，0 表示恢复正常。`,
    restart: (given) => `${given} 不是重启时长：请给出 1 到 30 之间的整数秒数（服务器停止这么久），或者 0。`,
  },
});

/** What a student may type after the number: `20 %`, `5 s`. */
const UNIT_SUFFIX: Readonly<Record<FaultUnit, RegExp | undefined>> = {
  percent: /\s*%$/,
  switch: undefined,
  seconds: /\s*s$/i,
};

export function isFaultKind(value: string): value is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(value);
}

/** Whether `value` is a setting of `kind`: a whole number within its bounds. */
export function isFaultValue(kind: FaultKind, value: unknown): value is number {
  const { min, max } = FAULT_SETTINGS[kind];
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Why `value`, which is not one (see `isFaultValue`), is not a setting of `kind`, in every language. */
export function badFaultValue(kind: FaultKind, value: unknown): Localized {
  return TEXT[kind](describe(value));
}

/**
 * A setting as a student types it (`20`, `20%` for a loss rate, `5s` for a restart), or why it is not one. Only
 * digits are read: `1e2`, `0x10` and `2.5` are not settings, whatever `Number` makes of them.
 */
export function parseFaultValue(
  kind: FaultKind,
  text: string,
): { readonly value: number } | { readonly error: Localized } {
  const trimmed = text.trim();
  const suffix = UNIT_SUFFIX[FAULT_SETTINGS[kind].unit];
  const digits = suffix === undefined ? trimmed : trimmed.replace(suffix, '');
  const value = /^\d{1,6}$/.test(digits) ? Number(digits) : undefined;
  if (value !== undefined && isFaultValue(kind, value)) return { value };
  return { error: TEXT[kind](JSON.stringify(trimmed.slice(0, 20))) };
}
