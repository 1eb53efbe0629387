/**
 * `stop`: ends the timed send (`send --every`) that is running, as Ctrl-C does; its end says how many rounds
 * went out.
 */

import { localized } from '../../../src/common/localized';
import { checkOptions, type ShellCommand } from '../command';

const TEXT = localized({
  en: { summary: 'stop the timed send (send --every); Ctrl-C does too', none: 'stop: no timed send is running' },
  'zh-Hans': { summary: '停止定时发送（send --every）；Ctrl-C 也可以', none: 'stop: 没有正在进行的定时发送' },
});

export const stop: ShellCommand = {
  name: 'stop',
  usage: 'stop',
  summary: TEXT.summary,
  details: [],
  run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    if (!context.timedSend.stop()) context.fail(TEXT.none);
  },
};
