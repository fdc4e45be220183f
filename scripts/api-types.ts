// Writes the API's OpenAPI document and the TypeScript types a client uses (openapi-typescript):
// generated/openapi.json and generated/api-types.d.ts, from the route declarations. Run by setup,
// so the types always match the code; a typed client (openapi-fetch) imports `paths` from them.
import fs from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocumentFor } from '../api/app';
import { loadConfig } from '../config';

async function main(): Promise<void> {
  const dir = path.resolve(__dirname, '..', 'generated');
  const document = openApiDocumentFor(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
  const types = astToString(await openapiTS(document as Parameters<typeof openapiTS>[0]));
  fs.writeFileSync(path.join(dir, 'api-types.d.ts'), `// Generated from the OpenAPI document by scripts/api-types.ts; do not edit.\n${types}`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
