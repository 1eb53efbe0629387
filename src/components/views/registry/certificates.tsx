/**
 * The certificates the shown TLS connection received, leaf to root, with each verification step, and a paste box
 * for any other certificate. Its code loads with the tab, its label and loading line with the panel.
 */

import { lazy } from 'react';

import LazyView from './lazy-view';
import { TEXT } from './tls-text';
import type { SessionView } from './view';

const CertificateViewer = lazy(() => import('../../CertificateViewer'));

export const certificatesView: SessionView = {
  id: 'certificates',
  label: TEXT.certificates,
  render: (context) => (
    <LazyView loading={TEXT.certificatesLoading}>
      <CertificateViewer
        handshakes={context.handshakes}
        shown={context.handshake}
        onChoose={context.chooseHandshake}
        inspection={context.inspection}
        onInspect={context.inspectCertificate}
      />
    </LazyView>
  ),
  showsPacketDetail: false,
};
