/**
 * `/join/`: where a student joins a classroom with its join code and a display name (the link the instructor
 * projects fills in the code). The body is `src/components/classroom/JoinClass`.
 */

import Layout from '@theme/Layout';
import type { ReactNode } from 'react';
import JoinClass from '../../components/classroom/JoinClass';
import { TEXT } from '../../components/classroom/JoinClass/text';
import { useText } from '../../components/i18n/useText';

export default function JoinPage(): ReactNode {
  const t = useText();
  return (
    <Layout title={t(TEXT.metaTitle)} description={t(TEXT.metaDescription)}>
      <JoinClass />
    </Layout>
  );
}
