/**
 * The TLS views' tab names and loading lines, apart from the views' own texts: the panel shows these before the
 * views' code is fetched, and needs nothing else of theirs. The names are the ones the TLS lessons use
 * (**Handshake**, 「握手」; **Certificates**, 「证书」).
 */

import { localized } from '../../../common/localized';

export const TEXT = localized({
  en: {
    handshake: 'Handshake',
    handshakeLoading: 'Loading the handshake view…',
    certificates: 'Certificates',
    certificatesLoading: 'Loading the certificate viewer…',
  },
  'zh-Hans': {
    handshake: '握手',
    handshakeLoading: '正在加载握手视图……',
    certificates: '证书',
    certificatesLoading: '正在加载证书查看器……',
  },
});
