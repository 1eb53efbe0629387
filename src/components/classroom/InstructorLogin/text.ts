/**
 * What the instructor's sign-in page says, in every language of the course; only this page loads it.
 */

import { localized } from '../../../common/localized';

export const TEXT = localized({
  en: {
    metaTitle: 'Instructor sign-in',
    metaDescription: 'Sign in as the instructor of this socketlab class.',
    title: 'Instructor sign-in',
    lead: 'Open the login link the lab server printed when it started, or type the password it was started with (INSTRUCTOR_PASSWORD).',
    signingIn: 'Signing in with the link’s one-time token…',
    password: 'Instructor password',
    signIn: 'Sign in',
    signedIn: 'You are signed in as the instructor.',
    dashboard: 'Open the instructor dashboard',
    signOut: 'Sign out',
    signedOut: 'You are signed out.',
    notClassroom: 'This lab server is not running a class (it is in local mode): there is no instructor to sign in as.',
    unreachable: 'The lab server did not answer. Check that it is running and reload this page.',
  },
  'zh-Hans': {
    metaTitle: '老师登录',
    metaDescription: '以老师身份登录这个 socketlab 课堂。',
    title: '老师登录',
    lead: '打开实验服务器启动时打印的登录链接，或者输入启动时设置的密码（INSTRUCTOR_PASSWORD）。',
    signingIn: '正在用链接里的一次性令牌登录……',
    password: '老师密码',
    signIn: '登录',
    signedIn: '你已以老师身份登录。',
    dashboard: '打开老师面板',
    signOut: '退出登录',
    signedOut: '你已退出登录。',
    notClassroom: '这个实验服务器没有在开课（它处于本地模式）：没有老师身份可以登录。',
    unreachable: '实验服务器没有应答。请确认它在运行，然后刷新本页。',
  },
});
