/**
 * A sidebar link, Docusaurus's own, with a ✓ beside a lesson whose lab is done (every check passed, as
 * `/api/progress` says or the lab on this page just did). Wrapped rather than copied: the mark goes into the
 * label the original renders, so the link keeps its classes, active state and behaviour. Which lesson holds
 * which lab comes from the build (src/plugins/lab-lessons.ts).
 */

import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import { usePluginData } from '@docusaurus/useGlobalData';
import type { Props } from '@theme/DocSidebarItem/Link';
import Link from '@theme-original/DocSidebarItem/Link';
import { type ReactNode, useEffect, useSyncExternalStore } from 'react';
import { useText } from '../../../components/i18n/useText';
import {
  isLabDone,
  LAB_LESSONS_PLUGIN,
  type LabLessons,
  startLabProgress,
  subscribeLabProgress,
} from '../../../lab-client/lab-progress';
import styles from './styles.module.css';
import { TEXT } from './text';

export default function DocSidebarItemLink(props: Props): ReactNode {
  const { siteConfig } = useDocusaurusContext();
  const { lessons } = usePluginData(LAB_LESSONS_PLUGIN) as LabLessons;
  const t = useText();
  const lab = props.item.docId === undefined ? undefined : lessons[props.item.docId];
  useEffect(() => {
    if (lab !== undefined) startLabProgress(siteConfig.customFields?.labServerWs);
  }, [lab, siteConfig]);
  const done = useSyncExternalStore(
    subscribeLabProgress,
    () => lab !== undefined && isLabDone(lab),
    // Rendered at build time without a lab server: no marks in the HTML, so none flash before the read.
    () => false,
  );
  if (!done) return <Link {...props} />;
  const label = (
    <>
      {props.item.label}
      <span className={styles.done} role="img" aria-label={t(TEXT.labDone)} title={t(TEXT.labDone)}>
        ✓
      </span>
    </>
  );
  // The original renders `label` as its link's text; a node there is what puts the mark inside the link.
  return <Link {...props} item={{ ...props.item, label: label as unknown as string }} />;
}
