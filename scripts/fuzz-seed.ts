// Records for the fuzz stage (scripts/fuzz.sh) to reach past "no such id": through the API, as a
// user holding every role, it files a complaint and takes it through every stage to closing (so
// that its accountability, returns and allowances exist), files a second one left at registration,
// a service call, a contract, a person, a return form, an allowance and a held receivable. It
// prints schemathesis settings (TOML) that use their ids, in about half of the generated requests,
// for the path, body and query fields that name such a record.
//
//   npx tsx scripts/fuzz-seed.ts <base URL> <token of a user with every role> <a technician's user id> <token of another user with every role>
// (the second person decides the closed case: whoever proposed or consolidated it may not).
import { COMPLAINT_ACTION_BODIES, complaintFiling } from './examples';

const [base = '', token = '', technicianId = '', deciderToken = ''] = process.argv.slice(2);
if (!base || !token || !technicianId || !deciderToken) {
  process.stderr.write('usage: fuzz-seed.ts <base URL> <token> <technician user id> <decider token>\n');
  process.exit(2);
}

async function call(method: string, path: string, body?: unknown, as = token): Promise<Record<string, any>> {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${as}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as Record<string, any>;
}

/** The same call again while it fails (what it needs is being written), for up to ten seconds. */
async function eventually(method: string, path: string, body?: unknown): Promise<Record<string, any>> {
  for (let i = 0; ; i++) {
    try {
      return await call(method, path, body);
    } catch (err) {
      if (i >= 40) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

const CLOSING_PATH = ['register', 'analyze', 'countermeasure', 'review', 'check', 'propose', 'consolidate', 'decide', 'record_result', 'confirm', 'close'];

async function main(): Promise<void> {
  const closed = await call('POST', '/api/v1/complaints', complaintFiling({ orderNo: 'SO-FUZZ-1' }));
  for (const action of CLOSING_PATH) {
    await call('POST', `/api/v1/complaints/${closed.id}/actions`, COMPLAINT_ACTION_BODIES[action], action === 'decide' ? deciderToken : token);
  }
  const open = await call('POST', '/api/v1/complaints', complaintFiling({ orderNo: 'SO-FUZZ-2' }));
  await call('POST', `/api/v1/complaints/${open.id}/actions`, COMPLAINT_ACTION_BODIES.register);

  const contract = await call('POST', '/api/v1/contracts', {
    customer: { name: 'Wuxi Dyeing Works', address: '5 Canal Street, Wuxi', phone: '0510-8888-1234' },
    serialNos: ['SN-FUZZ-1'],
    startsOn: '2026-01-01',
    endsOn: '2099-12-31',
    amount: '12000.00',
  });
  // The contract's record is written by its workflow just after it answers.
  const serviceCall = await eventually('POST', '/api/v1/service-calls', {
    customer: { name: 'Suzhou Textile Mill', address: '12 Canal Road, Suzhou', phone: '0512-6666-1234' },
    productModel: 'LX-200 loom controller',
    serialNo: 'SN-FUZZ-1',
    area: 'urban',
    description: 'The controller does not start',
    contractId: contract.id,
  });

  const personId = 'fuzz-person';
  await call('PUT', `/api/v1/people/${personId}`, { name: 'Li Fuzz', unit: 'manufacturing/section-1', basePoints: 1 });
  const returnForm = await eventually('POST', '/api/v1/returns', { caseId: closed.id, handling: 'return', approvedQuantity: 37, reason: 'Scratched housings', basis: 'The decision of the case' });
  const allowance = await call('POST', '/api/v1/allowances', { caseId: closed.id, kind: 'allowance', amount: '500', reason: 'Price allowance instead of a return' });
  const hold = await call('POST', '/api/v1/receivable-holds', { caseId: closed.id, salespersonId: personId, amount: '1000', invoiceNo: 'INV-FUZZ-1' });

  // The closed case's accountability (its id is the case's) is started by its closing; it shows up in
  // the list shortly after.
  let accountabilityIds: string[] = [];
  for (let i = 0; i < 40 && accountabilityIds.length === 0; i++) {
    const list = await call('GET', '/api/v1/accountability');
    accountabilityIds = (list.items as { caseId: string }[]).map((a) => a.caseId);
    if (accountabilityIds.length === 0) await new Promise((r) => setTimeout(r, 250));
  }
  if (accountabilityIds.length === 0) throw new Error('the closed case has no accountability');

  const dictionaries: Record<string, string[]> = {
    complaints: [closed.id, open.id],
    service_calls: [serviceCall.id],
    contracts: [contract.id],
    accountability: accountabilityIds,
    returns: [returnForm.id],
    allowances: [allowance.id],
    holds: [hold.id],
    people: [personId],
    technicians: [technicianId],
  };
  const bind = (dictionary: string) => `{ dictionary = "${dictionary}", probability = 0.5 }`;
  const out: string[] = ['', '# Records made for this run by scripts/fuzz-seed.ts.'];
  for (const [name, values] of Object.entries(dictionaries)) out.push(`[dictionaries.${name}]`, `values = ${JSON.stringify(values)}`);
  out.push(
    '[parameters]',
    `"body.caseId" = ${bind('complaints')}`,
    `"query.caseId" = ${bind('complaints')}`,
    `"body.parentId" = ${bind('complaints')}`,
    `"query.parentId" = ${bind('complaints')}`,
    `"body.contractId" = ${bind('contracts')}`,
    `"body.technicianId" = ${bind('technicians')}`,
    `"query.technicianId" = ${bind('technicians')}`,
    `"query.callId" = ${bind('service_calls')}`,
    `"body.salespersonId" = ${bind('people')}`,
    `"query.personId" = ${bind('people')}`,
    `"path.personId" = ${bind('people')}`,
  );
  const byPath: [string, string][] = [
    ['^/api/v1/complaints/\\{id\\}', 'complaints'],
    ['^/api/v1/service-calls/\\{id\\}', 'service_calls'],
    ['^/api/v1/contracts/\\{id\\}', 'contracts'],
    ['^/api/v1/accountability/\\{id\\}', 'accountability'],
    ['^/api/v1/returns/\\{id\\}', 'returns'],
    ['^/api/v1/allowances/\\{id\\}', 'allowances'],
    ['^/api/v1/receivable-holds/\\{id\\}', 'holds'],
    ['^/api/v1/people/\\{id\\}', 'people'],
  ];
  for (const [pathRegex, dictionary] of byPath) {
    out.push('[[operations]]', `include-path-regex = ${JSON.stringify(pathRegex)}`, `parameters = { "path.id" = ${bind(dictionary)} }`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`fuzz-seed: ${(err as Error).message}\n`);
  process.exit(1);
});
