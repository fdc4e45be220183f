// Signing in: the password rules people are held to, and the back-off after failed sign-ins. Pure
// rules; hashing and storage are in services/passwords.ts and services/sessions.ts.

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** Words that make a password guessable whatever is added around them. */
const COMMON = [
  'password', 'passw0rd', 'qwerty', 'qwertyuiop', 'asdfgh', 'zxcvbn', 'letmein', 'welcome', 'admin', 'administrator',
  'iloveyou', 'monkey', 'dragon', 'master', 'login', 'abc123', 'changeme', 'default', 'secret', 'test', 'guest',
  'woaini', 'aini', 'mima', 'zhongguo', 'china', 'football', 'baseball', 'sunshine', 'princess', 'superman',
];

const ROWS = ['01234567890123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p'];

/** True when the text is a stretch of a keyboard row or of the digits or the alphabet, either way round (1234567890, abcdefghij, qwertyuiop). */
function isRun(text: string): boolean {
  return ROWS.some((row) => row.includes(text) || [...row].reverse().join('').includes(text));
}

/**
 * Why a new password is refused, or null when it is acceptable: at least PASSWORD_MIN_LENGTH
 * characters, not a run or a repetition, not built on a common word, the login name or the
 * person's name, and at least five different characters.
 */
export function passwordWeakness(password: string, person: { login?: string | null; name?: string | null } = {}): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (password.trim() !== password) return 'must not begin or end with a space';
  const lower = password.toLowerCase();
  if (new Set(lower).size < 5) return 'is too easy to guess: use at least five different characters';
  if (isRun(lower)) return 'is too easy to guess: it is a run of characters such as 1234567890 or abcdefghij';
  // A short block repeated (abcabcabcabc, 12341234…).
  for (let n = 1; n <= lower.length / 2; n++) {
    if (lower.length % n === 0 && lower.slice(0, n).repeat(lower.length / n) === lower) return 'is too easy to guess: it repeats a short part';
  }
  // Common look-alike substitutions undone (p@ssw0rd → password), digits and symbols taken away.
  const plain = lower.replace(/[@4]/g, 'a').replace(/0/g, 'o').replace(/[1!|]/g, 'i').replace(/3/g, 'e').replace(/[$5]/g, 's').replace(/7/g, 't');
  const letters = lower.replace(/[^a-z]/g, '');
  const plainLetters = plain.replace(/[^a-z]/g, '');
  for (const word of COMMON) {
    if (letters === word || plainLetters === word || (word.length >= 6 && (lower.includes(word) || plain.includes(word) || plainLetters.includes(word)))) {
      return 'is too easy to guess: it is built on a common password';
    }
  }
  for (const own of [person.login, ...(person.name ?? '').split(/\s+/)]) {
    const o = (own ?? '').toLowerCase().trim();
    if (o.length >= 3 && lower.includes(o)) return 'must not contain your login name or your name';
  }
  return null;
}

/**
 * The wait after `failures` failed sign-ins in a row: none up to `freeAttempts`, then 1 s doubling
 * with each further failure, never more than `maxMs`.
 */
export function signInBackoffMs(failures: number, freeAttempts: number, maxMs: number): number {
  if (failures < freeAttempts) return 0;
  const exponent = Math.min(failures - freeAttempts, 40);
  return Math.min(1000 * 2 ** exponent, maxMs);
}

/** The languages people read their mail and the workspace in; zh-CN unless they choose English. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
