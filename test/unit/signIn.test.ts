// The password rules and the sign-in back-off (pure), scrypt hashing and the session cookie.
import { passwordWeakness, signInBackoffMs } from '../../domain/signIn';
import { hashPassword, verifyPassword } from '../../services/passwords';
import { csrfTokenOf, sessionCookie, sessionIdFromCookie } from '../../services/sessions';

test('a password of at least 10 characters that is not obvious is accepted', () => {
  expect(passwordWeakness('Orchard-Lantern-42')).toBeNull();
  expect(passwordWeakness('青山绿水长流不息2026')).toBeNull();
});

test.each([
  ['short1!', 'at least 10'],
  ['1234567890', 'guess'],
  ['aaaaaaaaaaaa', 'guess'],
  ['abcabcabcabc', 'guess'],
  ['password123', 'guess'],
  ['P@ssw0rd2026', 'guess'],
  ['qwertyuiop', 'guess'],
  ['Welcome2026!', 'guess'],
  [' leading-space-1', 'space'],
])('an obviously weak password is refused with a reason: %s', (password, reason) => {
  expect(passwordWeakness(password)).toEqual(expect.stringContaining(reason));
});

test('a password containing the login name or the name is refused', () => {
  expect(passwordWeakness('zhangwei-2026-xy', { login: 'zhangwei' })).toMatch(/login name/);
  expect(passwordWeakness('Xy-Chen-Summer-9', { name: 'Li Chen' })).toMatch(/name/);
});

test('back-off: free attempts, then 1 s doubling, never above the maximum', () => {
  expect([1, 2, 4, 5, 6, 7, 10].map((f) => signInBackoffMs(f, 5, 60_000))).toEqual([0, 0, 0, 1000, 2000, 4000, 32_000]);
  expect(signInBackoffMs(50, 5, 60_000)).toBe(60_000);
  expect(signInBackoffMs(10_000, 5, 900_000)).toBe(900_000);
});

test('scrypt hashes are salted, verify only the right password, and never contain it', async () => {
  const a = await hashPassword('Orchard-Lantern-42');
  const b = await hashPassword('Orchard-Lantern-42');
  expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
  expect(a).not.toBe(b);
  expect(a).not.toContain('Orchard');
  expect(await verifyPassword('Orchard-Lantern-42', a)).toBe(true);
  expect(await verifyPassword('Orchard-Lantern-43', a)).toBe(false);
  expect(await verifyPassword('anything', null)).toBe(false);
  expect(await verifyPassword('anything', 'garbage')).toBe(false);
});

test('the session cookie: httpOnly, SameSite=Lax, Max-Age, Secure over HTTPS; read back from a Cookie header', () => {
  const id = 'A'.repeat(43);
  expect(sessionCookie(id, 12 * 3600_000, false)).toBe(`asp_session=${id}; Max-Age=43200; Path=/; HttpOnly; SameSite=Lax`);
  expect(sessionCookie(id, 1000, true)).toMatch(/; Secure$/);
  expect(sessionCookie(null, 0, false)).toMatch(/^asp_session=; Max-Age=0;/);
  expect(sessionIdFromCookie(`theme=dark; asp_session=${id}; other=1`)).toBe(id);
  expect(sessionIdFromCookie('asp_session=short')).toBeNull();
  expect(sessionIdFromCookie(undefined)).toBeNull();
  expect(csrfTokenOf(id)).not.toBe(csrfTokenOf(`${id}B`));
});
