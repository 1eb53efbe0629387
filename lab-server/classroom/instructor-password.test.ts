import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InstructorPassword } from './instructor-password';

describe('instructor password', () => {
  it('accepts the password and nothing near it', async () => {
    const password = await InstructorPassword.from('correct horse battery');
    assert.equal(await password.matches('correct horse battery'), true);
    assert.equal(await password.matches('correct horse batter'), false);
    assert.equal(await password.matches('correct horse battery '), false);
    assert.equal(await password.matches('Correct horse battery'), false);
    assert.equal(await password.matches(''), false);
  });

  it('reads a password typed in another Unicode form as the same (NFC)', async () => {
    const password = await InstructorPassword.from('caf\u00e9-lehrer-2026');
    assert.equal(await password.matches('cafe\u0301-lehrer-2026'), true);
  });
});
