// Activities of the delivery schedule: fan written notices out into deliveries, and make one
// attempt at each due delivery (services/deliveries.ts counts attempts and decides when to give up).
import type { DeliveriesConfig } from '../config';
import type { Database } from '../db/client';
import { type DeliveryResult, attemptDelivery, dueDeliveries, queueDeliveries } from '../services/deliveries';
import { type DeliveryChannels, deliveryChannels } from '../services/deliveryChannels';

export function createDeliveryActivities(deps: { db: Database; deliveries?: DeliveriesConfig }) {
  const config = deps.deliveries;
  let channels: DeliveryChannels | null = null;
  const channelsOf = (c: DeliveriesConfig) => (channels ??= deliveryChannels(c));
  return {
    /** Fans out the notices and work items written since the last run; returns the deliveries due now. */
    async queueNoticeDeliveries(_input: Record<string, never>): Promise<{ queued: number; due: string[] }> {
      if (!config) return { queued: 0, due: [] };
      const now = new Date();
      const queued = await queueDeliveries(deps.db, config, now);
      return { queued, due: await dueDeliveries(deps.db, now) };
    },
    /** One attempt at one delivery. */
    async sendNoticeDelivery(input: { id: string }): Promise<DeliveryResult> {
      if (!config) return 'skipped';
      return attemptDelivery(deps.db, config, channelsOf(config), input.id, new Date());
    },
  };
}

export type DeliveryActivities = ReturnType<typeof createDeliveryActivities>;
