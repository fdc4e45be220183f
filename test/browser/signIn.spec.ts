// Signing in for the first time, as README tells: the administrator signs in with the initial
// password npm start printed, must choose their own before anything else, signs out, and signs in
// again with it; a wrong password is refused in plain words. The sign-in page and the
// administration screen pass the accessibility scan.
import { accessible, catalogue, expect, label, screenshot, test, within } from './journey';

const zh = catalogue('zh-CN');

test('first sign-in: admin with the initial password chooses their own, signs out and in again; a wrong password is refused in plain words', async ({ page, platform }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin/);
  const form = page.getByTestId('sign-in-form');
  await expect(form).toBeVisible();
  await expect(page.getByText(zh.signIn.firstTime)).toBeVisible();
  await accessible(page, 'sign-in');
  await screenshot(page, 'sign-in-zh');

  await form.locator('#login').fill('admin');
  await form.locator('#password').fill('not-the-password');
  await form.getByRole('button', { name: label(zh.signIn.submit) }).click();
  await expect(page.getByRole('alert').filter({ hasText: zh.signIn.wrong })).toBeVisible();

  // Corrected and sent with Enter, as people do after a refusal.
  await form.locator('#password').fill(platform.adminPassword);
  await form.locator('#password').press('Enter');
  const dialog = page.getByRole('dialog', { name: zh.password.title });
  await expect(dialog).toBeVisible();
  await dialog.locator('#current').fill(platform.adminPassword);
  await dialog.locator('#new').fill('Lotus-Pavilion-2026');
  await dialog.getByRole('button', { name: label(zh.password.submit) }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('me-name')).toBeVisible();

  // Reminders by e-mail are the person's own choice (the inbox always has them).
  await page.getByTestId('mail-setting').click();
  const mail = page.getByRole('switch', { name: zh.mail.receive });
  await expect(mail).toBeChecked();
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/preferences') && r.request().method() === 'PUT');
  await mail.click();
  expect((await saved).status()).toBe(200);
  await expect(mail).not.toBeChecked();
  await page.keyboard.press('Escape');

  // The administrator sees the people of the platform.
  await page.goto('/admin');
  await expect(page.getByText(platform.people.vp!.name)).toBeVisible();
  await accessible(page, 'administration');
  await screenshot(page, 'admin-zh');

  await page.locator('header button', { hasText: within(zh.app.signOut) }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto('/inbox');
  await expect(page).toHaveURL(/\/signin/);
  await form.locator('#login').fill('admin');
  await form.locator('#password').fill('Lotus-Pavilion-2026');
  await form.getByRole('button', { name: label(zh.signIn.submit) }).click();
  await expect(page).toHaveURL(/\/inbox/);
  await expect(page.getByRole('dialog', { name: zh.password.title })).toBeHidden();
});
