// Lint fails on a literal UI string outside the message catalogues (web/eslint.config.js): text
// between tags, a literal put between tags, and the attributes people read (title, placeholder,
// aria-label, …) must come from t(); numbers, punctuation and t() calls pass.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../config';

const SOURCE = `import { useTranslation } from 'react-i18next';

export function Example() {
  const { t } = useTranslation();
  return (
    <div>
      <span>保存修改</span>
      <button title="Save the case">{t('app.title')}</button>
      <p>{'Closed'}</p>
      <input aria-label={t('app.language')} placeholder="请输入" />
      <span>{t('inbox.title')} · 12 — 3/4</span>
    </div>
  );
}
`;

interface Message {
  line: number;
  ruleId: string | null;
  message: string;
}

function lint(source: string): Message[] {
  const web = path.join(REPO_ROOT, 'web');
  const eslint = path.join(REPO_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
  // A file of the workspace's sources for the time of the lint (typed lint reads its project's files).
  const probe = path.join(web, 'src', `lint-probe-${process.pid}.tsx`);
  fs.writeFileSync(probe, source);
  try {
    const run = spawnSync(process.execPath, [eslint, '--format', 'json', '--no-warn-ignored', path.relative(web, probe)], { cwd: web, encoding: 'utf8' });
    const report = JSON.parse(run.stdout) as { messages: Message[] }[];
    return report.flatMap((r) => r.messages);
  } finally {
    fs.rmSync(probe, { force: true });
  }
}

describe('the workspace’s lint', () => {
  test('a literal UI string outside the catalogues is an error; words from t() are not', () => {
    const messages = lint(SOURCE);
    const lines = (rule: string) => messages.filter((m) => m.ruleId === rule).map((m) => m.line).sort((a, b) => a - b);
    // Text between tags.
    expect(lines('i18next/no-literal-string')).toEqual([7]);
    // An attribute people read, and a literal put between tags.
    expect(lines('no-restricted-syntax')).toEqual([8, 9, 10]);
    expect(messages.filter((m) => m.line === 11)).toEqual([]);
  }, 120_000);
});
