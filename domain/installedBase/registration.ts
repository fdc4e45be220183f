// O6, S1, S2: registering a service call by the serial number of a product in the installed base.
// What the clerk leaves out is taken from the product's file: the customer's name, the address of
// the product's site, a contact's phone, the model, the site's area and the warranty end. What the
// clerk gives wins for the call (it is what the customer says today; the file is changed only by
// editing it), except the warranty end: the category is derived, never typed (S1), so a warranty
// end that differs from the file's is refused. The request is then validated as any registration,
// so every field still missing or wrong is named at once.
import type { Area } from '../serviceCall/stages';

/** What the installed base knows of a serial number. */
export interface InstalledBaseFacts {
  customerName: string;
  address: string | null;
  area: Area | null;
  phone: string | null;
  productModel: string;
  warrantyUntil: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The registration with what the clerk left out filled from the file, and the fields filled
 * (`customer.name`, `productModel`, …). A body that is not an object is returned as it is.
 */
export function fillRegistration(raw: unknown, facts: InstalledBaseFacts): { body: unknown; filled: string[] } {
  if (!isObject(raw)) return { body: raw, filled: [] };
  const filled: string[] = [];
  const body: Record<string, unknown> = { ...raw };
  const fill = (target: Record<string, unknown>, key: string, value: string | null, name: string) => {
    if (target[key] === undefined && value !== null) {
      target[key] = value;
      filled.push(name);
    }
  };
  if (body.customer === undefined || isObject(body.customer)) {
    const customer: Record<string, unknown> = { ...((body.customer as Record<string, unknown> | undefined) ?? {}) };
    fill(customer, 'name', facts.customerName, 'customer.name');
    fill(customer, 'address', facts.address, 'customer.address');
    fill(customer, 'phone', facts.phone, 'customer.phone');
    body.customer = customer;
  }
  fill(body, 'productModel', facts.productModel, 'productModel');
  fill(body, 'area', facts.area, 'area');
  fill(body, 'warrantyUntil', facts.warrantyUntil, 'warrantyUntil');
  return { body, filled };
}

/** S1: a typed warranty end that differs from the file's is refused (the file is corrected by editing the product). */
export function warrantyConflict(typed: unknown, facts: InstalledBaseFacts): string | null {
  if (typeof typed !== 'string' || facts.warrantyUntil === null || typed === facts.warrantyUntil) return null;
  return `differs from the installed base, which records ${facts.warrantyUntil} for this serial number (S1: the category is derived; correct the product file if it is wrong)`;
}
