// O5: service orders. Of the requests received in a period (service calls registered), how many
// got an execution order (the call was dispatched to a technician) and how many returned a receipt
// (the customer signed the completion and the call closed), per region; the execution rate is orders
// issued ÷ requests received, the receipt rate receipts returned ÷ orders issued. The figures are
// the requests of the period as they stand when the report is made.
import { round2 } from './kpis';

export interface CallForOrders {
  serviceCentre: string;
  dispatched: boolean;
  closed: boolean;
}

export interface OrderCounts {
  received: number;
  ordersIssued: number;
  receiptsReturned: number;
  /** ordersIssued ÷ received, percent with two decimals; null when nothing was received. */
  executionRate: number | null;
  /** receiptsReturned ÷ ordersIssued, percent with two decimals; null when no order was issued. */
  receiptRate: number | null;
}

export function orderCounts(calls: readonly CallForOrders[]): OrderCounts {
  const received = calls.length;
  const ordersIssued = calls.filter((c) => c.dispatched).length;
  const receiptsReturned = calls.filter((c) => c.dispatched && c.closed).length;
  return {
    received,
    ordersIssued,
    receiptsReturned,
    executionRate: received ? round2((ordersIssued / received) * 100) : null,
    receiptRate: ordersIssued ? round2((receiptsReturned / ordersIssued) * 100) : null,
  };
}

/** The counts in total and per region (regions in name order). */
export function serviceOrderCounts(calls: readonly CallForOrders[], regionOf: (centre: string) => string): { total: OrderCounts; byRegion: ({ region: string } & OrderCounts)[] } {
  const groups = new Map<string, CallForOrders[]>();
  for (const c of calls) {
    const r = regionOf(c.serviceCentre);
    const list = groups.get(r);
    if (list) list.push(c);
    else groups.set(r, [c]);
  }
  return {
    total: orderCounts(calls),
    byRegion: [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([region, list]) => ({ region, ...orderCounts(list) })),
  };
}
