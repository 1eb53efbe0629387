/**
 * A view whose code loads with its tab: the TLS views are heavy beside the panel's and only TLS labs show them,
 * so their modules are chunks of their own, fetched the first time the tab opens, with a line meanwhile.
 */

import { type ReactNode, Suspense } from 'react';
import type { Localized } from '../../../common/localized';
import { useText } from '../../i18n/useText';

export default function LazyView({
  loading,
  children,
}: {
  readonly loading: Localized;
  readonly children: ReactNode;
}): ReactNode {
  return <Suspense fallback={<Loading text={loading} />}>{children}</Suspense>;
}

function Loading({ text }: { readonly text: Localized }): ReactNode {
  const t = useText();
  return <p>{t(text)}</p>;
}
