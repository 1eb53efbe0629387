/**
 * The paste box's answers as React writes them: the lab server's error with its code under the box, the report
 * when it came, and why the button waits while the session is not live.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createElement } from 'react';
import { expiredChain } from '../../lab-client/testing/tls-fixtures';
import type { CertificateInspection } from '../../lab-client/tls-state';
import { ERRORS } from '../../protocol';
import { renderHtml } from '../testing/static-render';

async function html(inspection: CertificateInspection, live = true, locale: 'en' | 'zh-Hans' = 'en') {
  const { default: CertificatePaste } = await import('./paste');
  return renderHtml(
    createElement(CertificatePaste, { inspection, onInspect: live ? () => {} : undefined, now: Date.now() }),
    locale,
  );
}

describe('CertificatePaste', () => {
  it('shows the lab server’s refusal under the box with its code', async () => {
    const shown = await html({ state: 'failed', code: 'LAB_ERR_CERT_PARSE', message: ERRORS.LAB_ERR_CERT_PARSE });
    assert.match(
      shown,
      /role="alert" data-error="LAB_ERR_CERT_PARSE"><code>LAB_ERR_CERT_PARSE<\/code> That is not an X\.509 certificate in PEM/,
    );
    const zh = await html(
      { state: 'failed', code: 'LAB_ERR_KEY_MISMATCH', message: ERRORS.LAB_ERR_KEY_MISMATCH },
      true,
      'zh-Hans',
    );
    assert.match(zh, /这个私钥与证书不配对/);
  });

  it('shows the report once it came, and says it is asking meanwhile', async () => {
    assert.match(await html({ state: 'done', report: expiredChain() }), /data-code="CERT_HAS_EXPIRED"/);
    assert.match(await html({ state: 'pending' }), /Asking the lab server…/);
    assert.doesNotMatch(await html({ state: 'idle' }), /data-trusted|role="alert"/);
  });

  it('says why it cannot ask while the session is not live', async () => {
    const shown = await html({ state: 'idle' }, false);
    assert.match(shown, /The session is not connected/);
    assert.match(shown, /<button type="submit" class="button button--primary button--sm" disabled="">/);
  });
});
