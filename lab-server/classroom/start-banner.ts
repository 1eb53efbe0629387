/**
 * What a classroom's lab server prints when it starts (`npm start` with LAB_MODE=classroom): the URL that
 * signs the instructor in — with this start's one-time token, unless INSTRUCTOR_PASSWORD is set — and the join
 * URL to project. Printed once to the terminal the instructor started it in, which is why the token may be in
 * it; it goes into no file and no HTTP response.
 */

import type { Classroom } from './classroom';

export function classroomStartLines(classroom: Pick<Classroom, 'instructorLoginUrl' | 'joinUrl'>): string[] {
  const login = classroom.instructorLoginUrl();
  return [
    login === undefined
      ? 'classroom: the instructor signs in with INSTRUCTOR_PASSWORD at /instructor/login/'
      : `classroom: instructor, sign in once at ${login}   (one-time link; restart for a new one)`,
    `classroom: students join at ${classroom.joinUrl()}`,
  ];
}
