/** What the PKI downloads say, in every language of the course: each file, and in one line why a program wants it. */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: {
    title: 'TLS files for your own program',
    ca: 'The class CA (PEM)',
    caWhy: 'your program trusts this: give it as the CA file (cafile, -CAfile, ca:)',
    certificate: 'My client certificate, with the intermediate (PEM)',
    certificateWhy: 'mutual TLS: present this when the server asks who you are',
    key: 'My private key (PEM)',
    keyWhy: 'the certificate’s key, for mutual TLS: yours alone, do not share it',
    pkcs12: 'My certificate and key (PKCS#12)',
    pkcs12Why: 'the same in one file, for tools that want one',
    password: 'Password:',
    copyPassword: 'Copy the PKCS#12 password',
  },
  'zh-Hans': {
    title: '给你自己的程序用的 TLS 文件',
    ca: '班级 CA（PEM）',
    caWhy: '你的程序信任它：把它设为 CA 文件（cafile、-CAfile、ca:）',
    certificate: '我的客户端证书，附中间证书（PEM）',
    certificateWhy: '双向 TLS：服务器要求你证明身份时，出示这张证书',
    key: '我的私钥（PEM）',
    keyWhy: '这张证书的私钥，用于双向 TLS：只属于你，不要分享',
    pkcs12: '我的证书和私钥（PKCS#12）',
    pkcs12Why: '同样的内容合成一个文件，给需要单个文件的工具用',
    password: '密码：',
    copyPassword: '复制 PKCS#12 密码',
  },
});
