import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classroomStartLines } from './start-banner';

describe('classroom start banner', () => {
  it('prints the one-time login URL and the join URL', () => {
    const lines = classroomStartLines({
      instructorLoginUrl: () => 'http://192.168.1.20:8080/instructor/login/#token=abc',
      joinUrl: () => 'http://192.168.1.20:8080/join/?code=K7MP3Q',
    });
    assert.match(lines[0] ?? '', /sign in once at http:\/\/192\.168\.1\.20:8080\/instructor\/login\/#token=abc/);
    assert.match(lines[1] ?? '', /students join at http:\/\/192\.168\.1\.20:8080\/join\/\?code=K7MP3Q$/);
  });

  it('names the password instead when there is one, and prints no token', () => {
    const lines = classroomStartLines({ instructorLoginUrl: () => undefined, joinUrl: () => 'http://h/join/?code=X' });
    assert.match(lines[0] ?? '', /INSTRUCTOR_PASSWORD/);
    assert.doesNotMatch(lines.join('\n'), /token=/);
  });
});
