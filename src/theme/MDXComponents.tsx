/**
 * The components every lesson can use without importing them: Docusaurus's defaults plus `<Lab id="…">` with its `<LabStep>`s,
 * `<Tabs>` and `<TabItem>` (for code examples in several languages), and the static diagrams
 * `<SequenceDiagram>` and `<SocketPairDiagram>`. Swizzled by wrapping, so the defaults stay Docusaurus's own.
 */

import TabItem from '@theme/TabItem';
import Tabs from '@theme/Tabs';
import MDXComponents from '@theme-original/MDXComponents';
import Lab from '../components/Lab';
import LabStep from '../components/LabStep';
import SequenceDiagram from '../components/SequenceDiagram';
import SocketPairDiagram from '../components/SocketPairDiagram';

export default {
  ...MDXComponents,
  Lab,
  LabStep,
  SequenceDiagram,
  SocketPairDiagram,
  Tabs,
  TabItem,
};
