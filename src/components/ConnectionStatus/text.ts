/** What the connection badge and banner say, in every language of the course. */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: {
    connecting: 'Connecting…',
    live: 'Live',
    reconnecting: 'Reconnecting…',
    failed: 'Disconnected',
    attempt: (attempt: number) => `Reconnecting (attempt ${attempt})…`,
    nextTry: (delay: string) => `Next try in ${delay}.`,
    milliseconds: (ms: number) => `${ms} ms`,
    seconds: (seconds: number) => `${seconds} s`,
    tryAgain: 'Try again',
    retryNow: 'Retry now',
  },
  'zh-Hans': {
    connecting: '正在连接…',
    live: '已连接',
    reconnecting: '正在重新连接…',
    failed: '已断开',
    attempt: (attempt) => `正在重新连接（第 ${attempt} 次尝试）…`,
    nextTry: (delay) => `${delay}后再试。`,
    milliseconds: (ms) => `${ms} 毫秒`,
    seconds: (seconds) => `${seconds} 秒`,
    tryAgain: '重试',
    retryNow: '立即重试',
  },
});
