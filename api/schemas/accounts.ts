// Schemas of people's accounts: signing in, the caller, admins' user management.
import { text } from '../../domain/fields';
import { LANGUAGES, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordWeakness } from '../../domain/signIn';
import { z } from '../zod';
import { zRole } from './common';

export const zLogin = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._@-]{3,64}$/, 'must be 3 to 64 letters, digits or . _ @ -')
  .transform((s) => s.toLowerCase())
  .describe('the name a person signs in with (case does not matter)');

/** A new password, checked against the rules of domain/signIn.ts. */
// The least length is checked with the rest of the password rules (checkPassword), so that a refusal
// names every rule the password breaks; the document states it.
export const zNewPassword = z
  .string()
  .max(PASSWORD_MAX_LENGTH)
  .meta({ minLength: PASSWORD_MIN_LENGTH })
  .describe(`at least ${PASSWORD_MIN_LENGTH} characters, not an obvious one`);

/**
 * An e-mail address as zod's e-mail check reads it; written as its pattern, so that the document
 * states exactly that (the format `email` would promise other addresses and refuse others).
 */
export const zEmail = z
  .string()
  .regex(z.regexes.email, 'must be an e-mail address')
  .max(254)
  .describe('G6: personal data, shown only to admins and the person');
export const zChatId = text(100).describe("the person's id for the chat-robot webhook (mentioned in its messages)");
export const zLanguage = z.enum(LANGUAGES).describe('zh-CN (default) or en: the language of the mail the person receives');

/** Adds a 400 naming `field` when the password is weak. */
export function checkPassword(ctx: z.RefinementCtx, password: string | undefined, field: string, person: { login?: string | null; name?: string | null }): void {
  if (password === undefined) return;
  const weakness = passwordWeakness(password, person);
  if (weakness) ctx.addIssue({ code: 'custom', path: [field], message: weakness });
}

export const zSessionCreate = z
  .object({ login: z.string().max(100), password: z.string().max(PASSWORD_MAX_LENGTH) })
  .strict()
  .openapi('SessionCreate');

const meFields = {
  id: z.string().describe('the user id (UUID)'),
  name: z.string(),
  roles: z.array(zRole),
  login: z.string().nullable().describe('null: the account signs in with a token only'),
  email: z.string().nullable().describe('G6: personal data'),
  chatId: z.string().nullable(),
  language: zLanguage,
  emailOptOut: z.boolean().describe('true: no reminder e-mail; the in-app inbox (/tasks, notices) still has everything'),
  mustChangePassword: z.boolean().describe('an initial or reset password: the person should choose their own (PUT /api/v1/me/password)'),
};

export const zMe = z
  .object({
    ...meFields,
    csrfToken: z
      .string()
      .nullable()
      .describe('signed in with the session cookie: send this as X-CSRF-Token with every POST, PUT, PATCH and DELETE; null with a bearer token'),
    sessionExpiresAt: z.string().nullable().describe('when the session ends unless used again (ISO-8601 instant); null with a bearer token'),
  })
  .strict()
  .openapi('Me');

export const zUserAccount = z
  .object({
    ...meFields,
    disabled: z.boolean(),
    hasPassword: z.boolean().describe('false: signs in with a token only'),
    createdAt: z.string().describe('ISO-8601 instant'),
  })
  .strict()
  .openapi('UserAccount');

export const zPreferences = z
  .object({ language: zLanguage.optional(), emailOptOut: z.boolean().optional() })
  .strict()
  .openapi('Preferences');

export const zPasswordChange = z
  .object({ current: z.string().max(PASSWORD_MAX_LENGTH), new: zNewPassword })
  .strict()
  .openapi('PasswordChange');

export const zPasswordReset = z
  .object({
    password: zNewPassword,
    login: zLogin.optional().describe('a login name for a person who has none yet'),
  })
  .strict()
  .openapi('PasswordReset');

export const zUserChange = z
  .object({
    name: text(200).optional(),
    roles: z.array(zRole).min(1, 'give at least one role').max(19).optional(),
    email: zEmail.nullable().optional(),
    chatId: zChatId.nullable().optional(),
    disabled: z.boolean().optional().describe('true: the person can no longer sign in, and their sessions and token stop working'),
  })
  .strict()
  .openapi('UserChange');
