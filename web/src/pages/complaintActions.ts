// Which complaint actions a person is offered now: the action the stage awaits when one of their
// roles may take it, and the actions open beside the main path (comment, appeal, withdraw, joint
// inspection, …) under the conditions the case's rules set. The API decides in the end: a refusal
// is shown in plain words.
import type { Me } from '../access';
import type { Schemas } from '../api/client';
import type { ActionChoice } from '../components/CaseParts';

type Complaint = Schemas['Complaint'];

const DEPARTMENTS = ['qa', 'manufacturing', 'sales', 'sales_manager', 'gm_office', 'manager_office', 'rnd', 'accounting', 'warehouse', 'hr', 'service_dept', 'vp', 'gm'];
const UNDECIDED = ['registration', 'analysis', 'countermeasure', 'review', 'rnd_review', 'check', 'supplier_coordination', 'proposal', 'consolidation'];
const DECIDED = ['customer_result', 'confirmation', 'closing'];

export function complaintActionsFor(c: Complaint, me: Me, nowMs = Date.now()): ActionChoice[] {
  const has = (...roles: string[]) => roles.some((r) => me.roles.includes(r));
  const out: ActionChoice[] = [];
  const open = c.status === 'open';
  if (open && c.awaiting && has(...c.awaiting.roles)) out.push({ action: c.awaiting.action, primary: true });
  if (open && c.stage === 'consolidation' && c.proposal && c.proposal.quantity === null && has('sales')) out.push({ action: 'state_quantity', primary: true });
  const ji = c.jointInspection;
  if (open && ji && !ji.report) {
    const inspector = ji.inspector?.id === me.id;
    if (has('gm')) out.push({ action: 'assign_inspector' });
    if (!ji.investigatedOn && (inspector || (!ji.inspector && has('qa', 'manufacturing')) || has('qa'))) out.push({ action: 'record_investigation' });
    if (inspector || (!ji.inspector && has('qa', 'manufacturing')) || has('qa')) out.push({ action: 'report_inspection' });
  }
  if (open && c.controls && !ji && !c.decision && UNDECIDED.includes(c.stage) && has('sales')) out.push({ action: 'request_inspection' });
  const petition = c.status === 'rejected' && c.notEstablished?.petitionUntil && Date.parse(c.notEstablished.petitionUntil) > nowMs;
  if (((open && c.decision && DECIDED.includes(c.stage)) || petition) && has(...DEPARTMENTS)) out.push({ action: 'appeal' });
  if (open && UNDECIDED.includes(c.stage) && has('gm_office')) out.push({ action: 'not_established', danger: true });
  if (open && !c.decision && c.stage !== 'appeal' && has('sales')) out.push({ action: 'withdraw', danger: true });
  if (open && has(...DEPARTMENTS)) out.push({ action: 'comment' });
  return out.filter((a, i) => out.findIndex((b) => b.action === a.action) === i);
}

/** The stages this case goes through, in order: R&D and the supplier only when the case has them. */
export function complaintPath(c: Complaint): string[] {
  const path = ['registration', 'analysis', 'countermeasure', 'review'];
  if (c.analysis?.needsRnd || c.stage === 'rnd_review') path.push('rnd_review');
  path.push('check');
  if (c.analysis?.supplier || c.supplier || c.stage === 'supplier_coordination') path.push('supplier_coordination');
  path.push('proposal', 'consolidation', 'decision', 'customer_result', 'confirmation', 'closing');
  if (c.stage === 'appeal') path.push('appeal');
  path.push('closed');
  return path;
}
