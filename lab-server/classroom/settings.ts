/**
 * The part of the progress store the classroom's own values live in (join code, cookie key, the instructor
 * token's hash), and their keys in one place, so that two modules never pick the same one by accident.
 */

import type { ProgressStore } from '../store/progress-store';

export type ClassroomSettings = Pick<ProgressStore, 'setting' | 'setSetting'>;

export const SETTING = {
  cookieKey: 'classroom.cookie-key',
  joinCode: 'classroom.join-code',
  joinOpen: 'classroom.join-open',
  instructorToken: 'classroom.instructor-token-sha256',
} as const;
