// The workspace in the browser (web/, built into web/dist): its files at `/`, and its page for any
// other path a person opens (client routes such as /complaints/<id>). Never answers for the API,
// the OpenAPI document, the health checks, the metrics or survey links: those stay with their own
// routes and their own 404s.
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { REPO_ROOT } from '../config';

/** Paths the workspace never answers for. */
const NOT_WORKSPACE = /^\/(api(\/|$)|openapi\.json$|healthz$|readyz$|metrics$|survey(\/|$))/;

export const WEB_DIST = path.join(REPO_ROOT, 'web', 'dist');

export function workspaceRoutes(options: { timeZone: string; dist?: string }): Router {
  const dist = options.dist ?? WEB_DIST;
  const router = express.Router();
  let page: string | null = null;
  /** index.html with the company's time zone written in; read once it exists. */
  const indexPage = (): string | null => {
    if (page !== null) return page;
    const file = path.join(dist, 'index.html');
    if (!fs.existsSync(file)) return null;
    page = fs.readFileSync(file, 'utf8').replace('%COMPANY_TIME_ZONE%', options.timeZone.replace(/[^\w/+-]/g, ''));
    return page;
  };
  router.use(
    '/assets',
    express.static(path.join(dist, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: true }),
  );
  router.get(/.*/, (req, res, next) => {
    if (NOT_WORKSPACE.test(req.path) || path.extname(req.path) !== '' || !req.accepts('html')) return next();
    const html = indexPage();
    if (html === null) {
      res.status(503).type('text/plain').send('The workspace is not built yet: run `npm run build:web` (npm start does it).\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type('html').send(html);
  });
  return router;
}
