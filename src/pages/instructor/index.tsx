/**
 * `/instructor/`: the instructor's live dashboard of the class — the join code to project, the roster grid of
 * who passed what, and the drill-down of one student. The body is `src/components/classroom/InstructorDashboard`.
 */

import Layout from '@theme/Layout';
import type { ReactNode } from 'react';
import InstructorDashboard from '../../components/classroom/InstructorDashboard';
import { TEXT } from '../../components/classroom/InstructorDashboard/text';
import { useText } from '../../components/i18n/useText';

export default function InstructorPage(): ReactNode {
  const t = useText();
  return (
    <Layout title={t(TEXT.metaTitle)} description={t(TEXT.metaDescription)}>
      <InstructorDashboard />
    </Layout>
  );
}
