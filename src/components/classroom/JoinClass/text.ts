/**
 * What the join page says, in every language of the course. Here rather than in `code.json`, whose messages go
 * into every page's main.js: these go only where the join page goes. Refusals of the lab server come with their
 * own message, in the page's language; these are the page's own words around them.
 */

import { localized } from '../../../common/localized';

export const TEXT = localized({
  en: {
    metaTitle: 'Join the class',
    metaDescription: 'Join your instructor’s socketlab class with the join code and your name.',
    title: 'Join the class',
    lead: 'Type the join code your instructor shows and the name you want the class to see.',
    code: 'Join code',
    codeHint: 'Six letters and digits, such as K7M-P3Q. Case and dashes do not matter.',
    name: 'Your name',
    nameHint: 'As the instructor’s roster should show it, 1 to 40 characters.',
    join: 'Join',
    joining: 'Joining…',
    checking: 'Checking whether this browser has joined…',
    youAre: 'You are',
    joinedLead: 'This browser stays in the class: other tabs and a reload know you, and your labs count as yours.',
    start: 'Go to the lessons',
    leave: 'Leave the class',
    leaveConfirm: 'Leave the class? The class forgets you and what you passed; you can join again with the code.',
    closed: 'Joining is closed for now. Ask your instructor to open it.',
    instructor: 'You are signed in as the instructor.',
    notClassroom:
      'This lab server is not running a class: it is in local mode, where there is nothing to join and your work counts on this machine.',
    unreachable: 'The lab server did not answer. Check that it is running and reload this page.',
  },
  'zh-Hans': {
    metaTitle: '加入课堂',
    metaDescription: '用加入码和你的名字，加入老师的 socketlab 课堂。',
    title: '加入课堂',
    lead: '输入老师展示的加入码，以及你希望同学和老师看到的名字。',
    code: '加入码',
    codeHint: '六位字母和数字，例如 K7M-P3Q。不区分大小写，可以带短横线。',
    name: '你的名字',
    nameHint: '老师的名单上显示的名字，1 到 40 个字符。',
    join: '加入',
    joining: '正在加入……',
    checking: '正在检查这个浏览器是否已加入……',
    youAre: '你是',
    joinedLead: '这个浏览器会一直留在课堂里：其他标签页和刷新后都认得你，你做的实验都记在你名下。',
    start: '去上课',
    leave: '退出课堂',
    leaveConfirm: '确定退出课堂吗？课堂会忘掉你和你已通过的检查；之后可以用加入码重新加入。',
    closed: '目前暂停加入。请老师开放加入。',
    instructor: '你已以老师身份登录。',
    notClassroom: '这个实验服务器没有在开课：它处于本地模式，没有课堂可加入，你的进度记在这台机器上。',
    unreachable: '实验服务器没有应答。请确认它在运行，然后刷新本页。',
  },
});
