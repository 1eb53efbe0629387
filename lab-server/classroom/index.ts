/**
 * Classroom mode: students join with a code and a display name, the instructor signs in with a one-time token
 * or a password, and `identify` tells the rest of the lab server who a request comes from.
 */

export { type Classroom, type ClassroomOptions, createClassroom, JOIN_LIMITS, LOGIN_LIMITS } from './classroom';
export { type Identity, INSTRUCTOR_COOKIE, INSTRUCTOR_OWNER, ownerOf, STUDENT_COOKIE } from './identity';
export { classroomStartLines } from './start-banner';
