/**
 * Who a request comes from in a classroom, read from its cookies: the instructor, a joined student, or a
 * stranger. A student cookie names a student id, and the id must still be in the store, so a student the
 * instructor removed (or who left) is a stranger at once, whatever their cookie says. The instructor's cookie
 * is a separate one, so signing in as the instructor on a student's laptop does not make the student vanish.
 */

import type { IncomingMessage } from 'node:http';
import type { OwnerId, ProgressStore, StudentRecord } from '../store/progress-store';
import { clearCookie, readCookie, setCookie } from './cookie-header';
import type { CookieSigner } from './signed-cookie';

export type Identity =
  | { readonly role: 'instructor' }
  | { readonly role: 'student'; readonly student: StudentRecord }
  | { readonly role: 'stranger' };

/** Whose progress an instructor's own lab sessions are: trying a lab before class is nobody's grade. */
export const INSTRUCTOR_OWNER: OwnerId = 'instructor';

/** Who owns what a request starts (a lab session, its progress): undefined for a stranger, who may start nothing. */
export function ownerOf(identity: Identity): OwnerId | undefined {
  switch (identity.role) {
    case 'student':
      return identity.student.id;
    case 'instructor':
      return INSTRUCTOR_OWNER;
    case 'stranger':
      return undefined;
  }
}

export const STUDENT_COOKIE = 'socketlab_student';
export const INSTRUCTOR_COOKIE = 'socketlab_instructor';

/** A student stays joined for a term's worth of lessons from the same browser; each join renews it. */
export const STUDENT_COOKIE_MS = 120 * 24 * 3600 * 1000;
/** An instructor signs in again each teaching day. */
export const INSTRUCTOR_COOKIE_MS = 12 * 3600 * 1000;
/** `lastSeenAt` is written at most this often per student: a roster needs minutes, not every request. */
const TOUCH_EVERY_MS = 60_000;

const INSTRUCTOR_VALUE = 'instructor';

export class ClassroomIdentity {
  readonly #signer: CookieSigner;
  readonly #store: ProgressStore;
  readonly #clock: () => number;
  readonly #touched = new Map<string, number>();

  constructor(signer: CookieSigner, store: ProgressStore, clock: () => number) {
    this.#signer = signer;
    this.#store = store;
    this.#clock = clock;
  }

  async identify(request: Pick<IncomingMessage, 'headers'>): Promise<Identity> {
    const now = this.#clock();
    const instructor = readCookie(request, INSTRUCTOR_COOKIE);
    if (instructor !== undefined && this.#signer.verify(INSTRUCTOR_COOKIE, instructor, now) === INSTRUCTOR_VALUE) {
      return { role: 'instructor' };
    }
    const student = await this.studentOf(request);
    return student === undefined ? { role: 'stranger' } : { role: 'student', student };
  }

  /** The joined student whose cookie the request carries, whether or not it also carries the instructor's. */
  async studentOf(request: Pick<IncomingMessage, 'headers'>): Promise<StudentRecord | undefined> {
    const now = this.#clock();
    const cookie = readCookie(request, STUDENT_COOKIE);
    const id = cookie === undefined ? undefined : this.#signer.verify(STUDENT_COOKIE, cookie, now);
    if (id === undefined) return undefined;
    const student = await this.#store.student(id);
    if (student === undefined) {
      this.#touched.delete(id);
      return undefined;
    }
    if (now - (this.#touched.get(id) ?? 0) >= TOUCH_EVERY_MS) {
      this.#touched.set(id, now);
      await this.#store.touchStudent(id, now);
      return { ...student, lastSeenAt: now };
    }
    return student;
  }

  studentCookie(id: string, secure: boolean): string {
    const value = this.#signer.sign(STUDENT_COOKIE, id, this.#clock() + STUDENT_COOKIE_MS);
    return setCookie(STUDENT_COOKIE, value, { maxAgeSeconds: STUDENT_COOKIE_MS / 1000, secure });
  }

  instructorCookie(secure: boolean): string {
    const value = this.#signer.sign(INSTRUCTOR_COOKIE, INSTRUCTOR_VALUE, this.#clock() + INSTRUCTOR_COOKIE_MS);
    return setCookie(INSTRUCTOR_COOKIE, value, { maxAgeSeconds: INSTRUCTOR_COOKIE_MS / 1000, secure });
  }

  forgetStudent(id: string, secure: boolean): string {
    this.#touched.delete(id);
    return clearCookie(STUDENT_COOKIE, secure);
  }

  forgetInstructor(secure: boolean): string {
    return clearCookie(INSTRUCTOR_COOKIE, secure);
  }
}
