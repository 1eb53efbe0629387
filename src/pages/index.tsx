/**
 * The site's home page. Its body is `src/components/Landing`: every file under `src/pages` becomes a route, so
 * the landing page's catalog and sketch live there, and this file only puts them at `/`.
 */

import type { ReactNode } from 'react';
import Landing from '../components/Landing';

export default function Home(): ReactNode {
  return <Landing />;
}
