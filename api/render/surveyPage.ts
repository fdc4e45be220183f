// The page a customer opens from a survey link (S16, S17): four criteria on four levels, an
// optional comment and an optional complaint (S18), posted to POST /api/v1/surveys/{token}. A link
// that was never issued, was replaced by a newer one or was already answered gets a clear page at
// once instead of the form.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Database } from '../../db/client';
import { surveyLinkState } from '../../services/surveys';

// Labels in Chinese and English: the customers are the manufacturer's, mostly in China.
const CRITERIA: [string, string][] = [
  ['attitude', '服务态度 Service attitude'],
  ['skill', '技术水平 Technical skill'],
  ['arrival', '到达时间 Arrival time'],
  ['promise', '信守承诺 Promises kept'],
];
const LEVELS: [number, string][] = [
  [4, '很满意 Very satisfied'],
  [3, '满意 Satisfied'],
  [2, '一般 Fair'],
  [1, '不满意 Dissatisfied'],
];

const SCRIPT = `
const form = document.getElementById('survey');
const result = document.getElementById('result');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const body = {};
  for (const k of ['attitude', 'skill', 'arrival', 'promise']) body[k] = Number(data.get(k));
  const comment = String(data.get('comment') || '').trim();
  if (comment) body.comment = comment;
  const complaint = String(data.get('complaint') || '').trim();
  if (complaint) body.complaint = { severity: data.get('severity') === 'serious' ? 'serious' : 'general', text: complaint };
  const token = location.pathname.split('/').pop();
  const res = await fetch('/api/v1/surveys/' + encodeURIComponent(token), {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  if (res.status === 201) { form.hidden = true; result.textContent = '谢谢！您的意见已收到。 Thank you: your answer has been received.'; return; }
  const err = await res.json().catch(() => ({}));
  result.textContent = res.status === 409 ? '此问卷已提交。 This survey has already been answered.'
    : res.status === 404 ? '此链接已失效。 This link is no longer valid.'
    : (err.error && err.error.message) || '提交失败，请重试。 The answer could not be sent; please try again.';
});
`;
const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

const radios = (name: string) =>
  LEVELS.map(([v, label]) => `<label><input type="radio" name="${name}" value="${v}" required> ${label}</label>`).join(' ');

const PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>服务满意度调查 Service survey</title></head>
<body>
<h1>服务满意度调查 How was our service?</h1>
<form id="survey">
${CRITERIA.map(([name, label]) => `<fieldset><legend>${label}</legend>${radios(name)}</fieldset>`).join('\n')}
<p><label>意见和建议 Suggestions<br><textarea name="comment" maxlength="2000" rows="3" cols="40"></textarea></label></p>
<fieldset><legend>投诉（可选） A complaint (optional)</legend>
<label><input type="radio" name="severity" value="general" checked> 一般 General</label>
<label><input type="radio" name="severity" value="serious"> 严重 Serious</label><br>
<textarea name="complaint" maxlength="2000" rows="3" cols="40"></textarea></fieldset>
<p><button type="submit">提交 Send</button></p>
</form>
<p id="result" role="status"></p>
<script>${SCRIPT}</script>
</body></html>`;

const notice = (title: string, text: string) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title></head>
<body>
<h1>${title}</h1>
<p>${text}</p>
</body></html>`;

const UNKNOWN = notice(
  '此链接无效 This link is not valid',
  '此调查链接无效或已被新的链接取代。如需帮助，请联系我们的服务中心。 This survey link is not valid, or a newer link replaced it. Please contact our service centre if you need help.',
);
const ANSWERED = notice('此问卷已提交 Already answered', '感谢您的反馈，此问卷已经提交。 Thank you: this survey has already been answered.');

/** GET /survey/{token}: the survey form, or at once a page saying the link is not valid or already used. Never cached, never sends the link on as a referrer. */
export function surveyPage(db: Database) {
  return async (req: Request, res: Response): Promise<void> => {
    res.set({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'content-security-policy': `default-src 'none'; script-src 'sha256-${SCRIPT_HASH}'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'`,
    });
    const token = typeof req.params.token === 'string' && req.params.token.length <= 200 ? req.params.token : '';
    const state = token ? await surveyLinkState(db, token) : 'unknown';
    if (state === 'unknown') res.status(404).send(UNKNOWN);
    else if (state === 'answered') res.status(410).send(ANSWERED);
    else res.send(PAGE);
  };
}
