/**
 * What socketlab's 404 page says, in every language of the course. Here rather than in `code.json`, whose
 * messages Docusaurus puts into every page's main.js: these go only with the not-found content.
 */

import { localized } from '../../../common/localized';

export const TEXT = localized({
  en: {
    title: 'No page at this address',
    explain:
      'This course has no page here. The link may be from an older version of the course, or the address was mistyped.',
    firstLesson: 'Start with the first lesson: your first TCP connection',
    course: 'See every lesson of the course',
    reference: 'Look something up in the reference: protocol, error codes, configuration',
  },
  'zh-Hans': {
    title: '这个地址没有页面',
    explain: '课程里没有这一页。链接可能来自旧版本的课程，也可能是地址输错了。',
    firstLesson: '从第一课开始：你的第一条 TCP 连接',
    course: '查看课程的全部章节',
    reference: '在参考资料里查找：协议、错误码、配置',
  },
});
