// noticeDeliveriesWorkflow: started by the delivery schedule every DELIVERY_SWEEP_EVERY. Fans the
// notices and work items written since the last run out into deliveries (per person and channel),
// then makes one attempt at each delivery that is due, a few at a time. A failed attempt is
// counted and tried again by a later run after its back-off, or ends `failed` (services/deliveries.ts).
import type { DeliveryActivities } from '../activities/deliveries';
import { patientActivities } from './kernel';

export interface NoticeDeliveriesResult {
  queued: number;
  sent: number;
  retrying: number;
  failed: number;
}

const activities = patientActivities<DeliveryActivities>({ startToCloseTimeout: '2 minutes' });

/** How many deliveries are attempted at once. */
const PARALLEL = 5;

export async function noticeDeliveriesWorkflow(_input: object = {}): Promise<NoticeDeliveriesResult> {
  const { queued, due } = await activities.queueNoticeDeliveries({});
  const result: NoticeDeliveriesResult = { queued, sent: 0, retrying: 0, failed: 0 };
  for (let i = 0; i < due.length; i += PARALLEL) {
    const outcomes = await Promise.all(due.slice(i, i + PARALLEL).map((id) => activities.sendNoticeDelivery({ id })));
    for (const o of outcomes) if (o !== 'skipped') result[o] += 1;
  }
  return result;
}
