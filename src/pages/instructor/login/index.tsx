/**
 * `/instructor/login/`: the instructor signs in with the one-time token of the URL the lab server printed, or
 * with INSTRUCTOR_PASSWORD. The body is `src/components/classroom/InstructorLogin`.
 */

import Layout from '@theme/Layout';
import type { ReactNode } from 'react';
import InstructorLogin from '../../../components/classroom/InstructorLogin';
import { TEXT } from '../../../components/classroom/InstructorLogin/text';
import { useText } from '../../../components/i18n/useText';

export default function InstructorLoginPage(): ReactNode {
  const t = useText();
  return (
    <Layout title={t(TEXT.metaTitle)} description={t(TEXT.metaDescription)}>
      <InstructorLogin />
    </Layout>
  );
}
