// CSV as RFC 4180 (fields with commas, quotes or line breaks are quoted; lines end with CRLF),
// safe to open in a spreadsheet: a text cell that starts like a formula (=, +, -, @, a tab or a
// carriage return) and is not a plain number is prefixed with an apostrophe, so it stays text.

export type Cell = string | number | boolean | null | undefined;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
