// Reading an import file (O6) into its header and rows, every cell as text. CSV is read as UTF-8
// (with or without a byte-order mark) or, when it is not valid UTF-8, as GB18030 (what Excel on a
// Chinese Windows saves); XLSX is the sheet named after the kind (customers, products, contracts,
// or 客户, 产品, 合同), else the first sheet, its first non-empty row the header. Dates in date cells
// become YYYY-MM-DD; numbers are written as they are (a phone stored as a number keeps its digits).
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { AppError } from '../domain/errors';
import type { ImportFileType, ImportKind, ImportTable } from '../domain/installedBase/imports';

export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const IMPORT_CONTENT_TYPES = [CSV_TYPE, XLSX_TYPE] as const;

const SHEET_NAMES: Record<ImportKind, string[]> = {
  customers: ['customers', '客户'],
  products: ['products', '产品'],
  contracts: ['contracts', '合同'],
};

const unreadable = (what: string) => new AppError('invalid_input', `The file cannot be read: ${what}.`, [{ field: '(body)', message: what }]);

function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function readCsv(bytes: Buffer): string[][] {
  try {
    return parse(decodeText(bytes), { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (err) {
    throw unreadable(`not a CSV file (${(err as Error).message.slice(0, 200)})`);
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell's value as text. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue);
  if ('error' in value) return '';
  return '';
}

async function readXlsx(bytes: Buffer, kind: ImportKind): Promise<{ row: number; cells: string[] }[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw unreadable(`not an XLSX workbook (${(err as Error).message.slice(0, 200)})`);
  }
  const names = SHEET_NAMES[kind];
  const sheet = workbook.worksheets.find((w) => names.includes(w.name.trim().toLowerCase())) ?? workbook.worksheets[0];
  if (!sheet) throw unreadable('the workbook has no sheet');
  const rows: { row: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    const values = Array.isArray(r.values) ? r.values.slice(1) : [];
    rows.push({ row: rowNumber, cells: Array.from(values, (v) => cellText(v ?? null).trim()) });
  });
  return rows;
}

/**
 * The file's header and data rows; each row keeps its number in the file (CSV: the record's
 * number, the header being 1; XLSX: the sheet's row number). More than `maxRows` rows → 413.
 */
export async function readImportFile(bytes: Buffer, fileType: ImportFileType, kind: ImportKind, maxRows: number): Promise<ImportTable> {
  const numbered =
    fileType === 'csv' ? readCsv(bytes).map((cells, i) => ({ row: i + 1, cells: cells.map((c) => c.trim()) })) : await readXlsx(bytes, kind);
  const headerAt = numbered.findIndex((r) => r.cells.some((c) => c !== ''));
  if (headerAt < 0) throw unreadable('it is empty');
  const rows = numbered.slice(headerAt + 1);
  const dataRows = rows.filter((r) => r.cells.some((c) => c !== '')).length;
  if (dataRows > maxRows) throw new AppError('payload_too_large', `The file has ${dataRows} rows; an import takes at most ${maxRows} (IMPORT_MAX_ROWS). Split it.`);
  return { header: numbered[headerAt]!.cells, rows };
}
