/**
 * What a lab says before its panel has loaded, or after it crashed, in every language of the course. It ships
 * with every lesson page (the panel's own texts come with its lazily loaded chunk), so it holds only these few.
 */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: {
    lab: 'Lab',
    loading: 'Loading the lab… (it needs JavaScript and the lab server.)',
    stopped: 'stopped working',
    startAgain: 'Start it again',
  },
  'zh-Hans': {
    lab: '实验',
    loading: '正在加载实验…（需要 JavaScript 和实验服务器。）',
    stopped: '停止工作了',
    startAgain: '重新启动',
  },
});
