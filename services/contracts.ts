// Maintenance contracts on the database side (S15): the instants a term's notice and expiry fall
// on (local dates in TIME_ZONE), the read model the contract workflow projects into, the expiry
// notice with its renewal work item, and lists.
import { randomUUID } from 'node:crypto';
import type { CustomerMessagesConfig } from '../config';
import type { Database } from '../db/client';
import { pageArgs, pageOf } from './pagination';
import { type ContractState, type ContractTerm, type ContractView, contractView } from '../domain/contract/machine';
import { entriesToWrite, projectCaseEvents } from './caseEvents';
import { deliverCustomerMessage, queueCustomerMessage } from './customerMessages';
import { recordNotices } from './notices';
import { completeWorkItems, upsertWorkItem } from './workItems';

export async function projectContract(db: Database, workflowId: string, state: ContractState): Promise<void> {
  const version = state.history.length;
  const row = {
    number: state.number ?? null,
    status: state.status,
    customerName: state.customer.name,
    startsOn: state.startsOn,
    endsOn: state.endsOn,
    amountFen: state.amountFen,
    state: JSON.stringify(state),
    version,
  };
  await db.$transaction(async (tx) => {
    const current = await tx.serviceContract.findUnique({ where: { id: state.id }, select: { version: true } });
    if (current && current.version > version) return;
    if (!current) {
      await tx.serviceContract.create({ data: { id: state.id, workflowId, createdAt: new Date(state.createdAt), ...row } });
      for (const serialNo of state.serialNos) {
        await tx.contractSerial.upsert({
          where: { contractId_serialNo: { contractId: state.id, serialNo } },
          update: {},
          create: { contractId: state.id, serialNo },
        });
      }
    } else {
      await tx.serviceContract.update({ where: { id: state.id }, data: row });
    }
    await projectCaseEvents(tx, 'contract', state.id, state.history, entriesToWrite(current, version));
  });
}

const renewalKey = (contractId: string, term: number) => `${contractId}:task:contract_renewal:${term}`;

/**
 * S15: the expiry notice to the customer (through the gateway or by staff), a notice to the
 * service department and the renewal work item. Safe to repeat.
 */
export async function sendContractExpiryNotice(db: Database, messaging: CustomerMessagesConfig, state: ContractState, term: ContractTerm, now: Date): Promise<void> {
  const customer = state.customer;
  const serials = state.serialNos.join(', ');
  const body = `Your maintenance contract for ${serials} ends on ${term.endsOn}. We will contact you about its renewal.`;
  const message = await queueCustomerMessage(
    db,
    {
      dedupeKey: `${state.id}:contract_expiry:${term.n}`,
      caseType: 'contract',
      caseId: state.id,
      kind: 'contract_expiry',
      channel: 'letter',
      recipient: [customer.name, customer.address].filter(Boolean).join(', '),
      body,
      at: now,
    },
    messaging.gateway ? 'sending' : 'to_staff',
  );
  await recordNotices(db, [
    {
      key: `${state.id}:reminder:contract_expiry:${term.n}`,
      type: 'reminder',
      caseType: 'contract',
      caseId: state.id,
      stage: 'active',
      to: ['service_dept'],
      message: `The maintenance contract of ${customer.name} (${serials}) ends on ${term.endsOn}; an expiry letter to the customer was issued (see the customer-message outbox) and the renewal is to be pursued (S15).`,
      at: now.toISOString(),
    },
  ]);
  await upsertWorkItem(db, {
    dedupeKey: renewalKey(state.id, term.n),
    kind: 'contract_renewal',
    caseType: 'contract',
    caseId: state.id,
    roles: ['service_dept'],
    title: `Pursue the renewal of ${customer.name}'s maintenance contract ending ${term.endsOn} (S15).`,
    dueAt: new Date(term.expiresAt),
    at: now,
  });
  await deliverCustomerMessage(
    db,
    messaging,
    message,
    async () => ({
      id: message.id,
      kind: message.kind,
      channel: message.channel,
      caseType: message.caseType,
      caseId: message.caseId,
      to: { name: customer.name, ...(customer.phone ? { phone: customer.phone } : {}), ...(customer.address ? { address: customer.address } : {}) },
      text: body,
    }),
    now,
  );
}

/** A renewal closes the renewal work items of the earlier terms. */
export async function completeRenewalWork(db: Database, state: ContractState, by: string, now: Date): Promise<void> {
  const keys = state.terms.slice(0, -1).map((t) => renewalKey(state.id, t.n));
  await completeWorkItems(db, { dedupeKeys: keys }, by, now);
}

export async function listContracts(db: Database, f: { status?: string; serialNo?: string; limit: number; cursor?: string }) {
  const ids = f.serialNo ? (await db.contractSerial.findMany({ where: { serialNo: f.serialNo }, select: { contractId: true } })).map((r) => r.contractId) : undefined;
  const rows = await db.serviceContract.findMany({
    where: { ...(f.status ? { status: f.status } : {}), ...(ids ? { id: { in: ids } } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...pageArgs(f),
  });
  return pageOf(rows, f, (r) => contractView(JSON.parse(r.state) as ContractState));
}

/** The contract as its projection holds it (for a contract whose workflow is gone); null when unknown. */
export async function contractFromProjection(db: Database, id: string): Promise<ContractView | null> {
  const row = await db.serviceContract.findUnique({ where: { id }, select: { state: true } });
  return row ? contractView(JSON.parse(row.state) as ContractState) : null;
}
