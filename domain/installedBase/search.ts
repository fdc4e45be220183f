// O6: how customer and product files are found. Search is a case-insensitive substring match that
// behaves the same on SQLite and PostgreSQL: each file keeps its searchable text normalised once
// when written (Unicode NFKC, so full-width ＬＸ－２００ equals LX-200, then lower case), and a
// query is normalised the same way and matched with LIKE '%…%' (bench/installedBase.ts measures
// it over 100,000 products). Phones are matched on their national number, digits only.

/** Text normalised for search: NFKC (full-width forms folded), lower case, blanks collapsed. */
export function normaliseForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The searchable text of a file: its parts normalised, one per line. */
export function searchTextOf(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .map(normaliseForSearch)
    .join('\n');
}

/**
 * The national number of a phone, digits only, which phone search matches: the country code 86
 * (`+86`, `0086`) and the trunk prefix 0 are dropped, so `+86 512 6666 1234` and `0512-6666-1234`
 * are both `51266661234`, and a mobile `138 0000 1234` is `13800001234`.
 */
export function phoneDigits(phone: string): string {
  const trimmed = phone.trim();
  let digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) {
    if (digits.startsWith('86')) digits = digits.slice(2);
  } else if (digits.startsWith('0086')) {
    digits = digits.slice(4);
  }
  return digits.replace(/^0+/, '');
}

/** The least digits a phone search takes (the last four are what a masked phone shows). */
export const MIN_PHONE_SEARCH_DIGITS = 4;

/** Every digit but the last four hidden: `+86 512 6666 1234` → `+** *** **** 1234`. */
export function maskPhone(phone: string): string {
  const digits = (phone.match(/\d/g) ?? []).length;
  let seen = 0;
  return phone.replace(/\d/g, (d) => (++seen <= digits - 4 ? '*' : d));
}

/** The searchable text of a customer: its code and name. */
export const customerSearchText = (c: { code: string; name: string }): string => searchTextOf(c.code, c.name);

/** The searchable text of a product: serial number, model, and its customer's code and name. */
export const productSearchText = (p: { serialNo: string; model: string }, c: { code: string; name: string }): string =>
  searchTextOf(p.serialNo, p.model, c.code, c.name);
