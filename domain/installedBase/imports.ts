// O6: bringing existing records in. A file (CSV or the first sheet of an XLSX workbook) holds one
// kind of record, one per row, under a header row whose columns are matched by name (English or
// Chinese, docs/IMPORTS.md). This file reads the header and checks every row on its own and
// against the other rows of the file; what needs the database (does the customer exist, does the
// contract differ from the one on file) is checked by services/imports.ts. Every problem names its
// row (the header is row 1, as a spreadsheet numbers it) and its column.
import { z } from 'zod';
import { text, zDate } from '../fields';
import { zYuanAmount } from '../money';
import { zPhone } from './schemas';

export const IMPORT_KINDS = ['customers', 'products', 'contracts'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_FILE_TYPES = ['csv', 'xlsx'] as const;
export type ImportFileType = (typeof IMPORT_FILE_TYPES)[number];

/** A file as read: its header row and its data rows, every cell as text. */
export interface ImportTable {
  header: string[];
  /** `row` is the spreadsheet's row number (the header is 1). */
  rows: { row: number; cells: string[] }[];
}

export interface ImportProblem {
  /** The spreadsheet row (1 is the header). */
  row: number;
  /** The column as the file names it; null for a problem of the whole row. */
  column: string | null;
  /** The field the column maps to (docs/IMPORTS.md). */
  field: string | null;
  /** Errors stop the import; warnings are told and the row goes in. */
  severity: 'error' | 'warning';
  message: string;
}

export interface CustomerRow {
  code: string;
  name: string;
  region?: string;
  site?: string;
  address?: string;
  area?: 'urban' | 'suburban';
  contact?: string;
  title?: string;
  phone?: string;
  notes?: string;
}

export interface ProductRow {
  serialNo: string;
  model: string;
  customerCode: string;
  site?: string;
  acceptedOn?: string;
  installedOn?: string;
  commissionedOn?: string;
  warrantyUntil?: string;
  serviceLevel?: string;
}

export interface ContractRow {
  number: string;
  customerCode: string;
  serialNos: string[];
  startsOn: string;
  endsOn: string;
  /** fen */
  amount: number;
}

export interface ImportRows {
  customers: CustomerRow;
  products: ProductRow;
  contracts: ContractRow;
}

type Parsed = { value: unknown } | { error: string };

interface ColumnSpec {
  /** The field's canonical column name (docs/IMPORTS.md). */
  column: string;
  /** The property of the row record. */
  key: string;
  /** Other column names that mean the same, English and Chinese. */
  aliases: string[];
  required?: boolean;
  parse: (raw: string) => Parsed;
}

const fromSchema = (schema: z.ZodType) => (raw: string): Parsed => {
  const r = schema.safeParse(raw);
  return r.success ? { value: r.data } : { error: r.error.issues[0]?.message ?? 'is invalid' };
};

const isoDate = fromSchema(zDate());

/** `2024-03-05`, `2024/3/5`, `2024.3.5`, `2024年3月5日` → `2024-03-05`. */
export function importDate(raw: string): Parsed {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(raw.trim());
  const iso = m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : raw.trim();
  return isoDate(iso);
}

const AREA_WORDS: Record<string, 'urban' | 'suburban'> = { urban: 'urban', suburban: 'suburban', 市区: 'urban', 城区: 'urban', 郊区: 'suburban', 市郊: 'suburban' };
const area = (raw: string): Parsed => {
  const v = AREA_WORDS[raw.trim().toLowerCase()];
  return v ? { value: v } : { error: 'must be urban or suburban (市区, 郊区)' };
};

/** Yuan with at most two decimals; thousands separators and a leading ¥ are allowed. */
const yuan = fromSchema(zYuanAmount());
const amount = (raw: string): Parsed => yuan(raw.replace(/^[¥￥]\s*/, '').replace(/,/g, ''));

/** Serial numbers separated by `;`, `,`, `、`, `|` or line breaks. */
const serials = (raw: string): Parsed => {
  const list = raw.split(/[;,，；、|\n]+/).map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) return { error: 'must name at least one serial number' };
  if (list.some((s) => s.length > 100)) return { error: 'each serial number must be at most 100 characters' };
  if (new Set(list).size !== list.length) return { error: 'serial numbers must not repeat' };
  if (list.length > 500) return { error: 'at most 500 serial numbers' };
  return { value: list };
};

const col = (column: string, key: string, aliases: string[], parse: ColumnSpec['parse'], required = false): ColumnSpec => ({ column, key, aliases, parse, required });
const t = (max: number) => fromSchema(text(max));

/** The columns of each kind of file; docs/IMPORTS.md documents the same table. */
export const IMPORT_COLUMNS: Record<ImportKind, ColumnSpec[]> = {
  customers: [
    col('code', 'code', ['customer_code', 'customer_no', '客户编号', '客户代码'], t(50), true),
    col('name', 'name', ['customer_name', 'customer', '客户名称', '客户', '名称'], t(200), true),
    col('region', 'region', ['地区', '区域'], t(100)),
    col('site', 'site', ['site_name', '地点', '站点', '安装地点'], t(200)),
    col('address', 'address', ['地址', '详细地址'], t(500)),
    col('area', 'area', ['市区郊区', '城郊'], area),
    col('contact', 'contact', ['contact_name', '联系人'], t(100)),
    col('title', 'title', ['职务'], t(100)),
    col('phone', 'phone', ['telephone', 'mobile', 'tel', '电话', '联系电话', '手机'], fromSchema(zPhone)),
    col('notes', 'notes', ['remarks', '备注'], t(2000)),
  ],
  products: [
    col('serial_no', 'serialNo', ['serial', 'sn', 'serial_number', '序列号', '出厂编号', '机身号', '产品编号'], t(100), true),
    col('model', 'model', ['product_model', '型号', '产品型号', '规格型号'], t(100), true),
    col('customer_code', 'customerCode', ['customer', 'customer_no', '客户编号', '客户代码'], t(50), true),
    col('site', 'site', ['site_name', '地点', '站点', '安装地点'], t(200)),
    col('accepted_on', 'acceptedOn', ['acceptance_date', '验收日期', '到货验收日期'], importDate),
    col('installed_on', 'installedOn', ['installation_date', '安装日期'], importDate),
    col('commissioned_on', 'commissionedOn', ['commissioning_date', '调试日期'], importDate),
    col('warranty_until', 'warrantyUntil', ['warranty_end', '保修截止', '保修期至', '保修到期日'], importDate),
    col('service_level', 'serviceLevel', ['服务级别', '服务等级'], t(50)),
  ],
  contracts: [
    col('contract_no', 'number', ['number', 'contract_number', '合同编号', '合同号'], t(50), true),
    col('customer_code', 'customerCode', ['customer', 'customer_no', '客户编号', '客户代码'], t(50), true),
    col('serial_nos', 'serialNos', ['serials', 'serial_no', '序列号', '出厂编号'], serials, true),
    col('starts_on', 'startsOn', ['start_date', '开始日期', '起始日期'], importDate, true),
    col('ends_on', 'endsOn', ['end_date', '结束日期', '截止日期', '到期日期'], importDate, true),
    col('amount', 'amount', ['合同金额', '金额'], amount, true),
  ],
};

/** A column name as matched: NFKC, lower case, without spaces, underscores, hyphens, dots and brackets. */
export const columnKey = (name: string): string => name.normalize('NFKC').toLowerCase().replace(/[\s_\-.()（）:：/]/g, '');

export interface HeaderMapping {
  /** For each column of the file, the spec it maps to (null: not imported). */
  specs: (ColumnSpec | null)[];
  problems: ImportProblem[];
}

/**
 * Problems found against the database name the field's column (customer_code); this names the
 * file's own column instead (客户编号), as the file's reader knows it.
 */
export function inFileColumns(kind: ImportKind, header: readonly string[], problems: ImportProblem[]): ImportProblem[] {
  const { specs } = mapHeader(kind, header);
  const columnOf = new Map<string, string>();
  specs.forEach((spec, i) => {
    if (spec) columnOf.set(spec.column, header[i]!);
  });
  return problems.map((p) => (p.field !== null && p.column === p.field && columnOf.has(p.field) ? { ...p, column: columnOf.get(p.field)! } : p));
}

/** Matches the header row to the kind's columns: unknown columns are warned about, missing required ones are errors. */
export function mapHeader(kind: ImportKind, header: readonly string[]): HeaderMapping {
  const byKey = new Map<string, ColumnSpec>();
  for (const spec of IMPORT_COLUMNS[kind]) for (const name of [spec.column, spec.key, ...spec.aliases]) byKey.set(columnKey(name), spec);
  const problems: ImportProblem[] = [];
  const seen = new Map<string, string>();
  const specs = header.map((name) => {
    if (name.trim() === '') return null;
    const spec = byKey.get(columnKey(name)) ?? null;
    if (!spec) {
      problems.push({ row: 1, column: name, field: null, severity: 'warning', message: `is not a ${kind} column and is not imported (see docs/IMPORTS.md)` });
      return null;
    }
    if (seen.has(spec.column)) {
      problems.push({ row: 1, column: name, field: spec.column, severity: 'error', message: `means the same as column "${seen.get(spec.column)}"` });
      return null;
    }
    seen.set(spec.column, name);
    return spec;
  });
  for (const spec of IMPORT_COLUMNS[kind]) {
    if (spec.required && !seen.has(spec.column)) {
      problems.push({ row: 1, column: spec.column, field: spec.column, severity: 'error', message: `the file has no ${spec.column} column (or one of: ${spec.aliases.join(', ')})` });
    }
  }
  return { specs, problems };
}

export interface CheckedRow<K extends ImportKind> {
  row: number;
  value: ImportRows[K];
}

export interface CheckedTable<K extends ImportKind> {
  /** The rows without errors, in file order. */
  rows: CheckedRow<K>[];
  problems: ImportProblem[];
  /** Data rows in the file (blank rows not counted). */
  total: number;
}

/** Checks every row of the file on its own and against the other rows (repeated keys, conflicting repeats). */
export function checkTable<K extends ImportKind>(kind: K, table: ImportTable): CheckedTable<K> {
  const { specs, problems } = mapHeader(kind, table.header);
  const dataRows = table.rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (problems.some((p) => p.severity === 'error')) return { rows: [], problems, total: dataRows.length };
  const rows: CheckedRow<K>[] = [];
  const cross = crossCheck(kind);
  for (const { row, cells } of dataRows) {
    const record: Record<string, unknown> = {};
    const rowProblems: ImportProblem[] = [];
    const columnOf = new Map<string, string>();
    specs.forEach((spec, i) => {
      if (!spec) return;
      columnOf.set(spec.key, table.header[i]!);
      const raw = (cells[i] ?? '').trim();
      if (raw === '') {
        if (spec.required) rowProblems.push({ row, column: table.header[i]!, field: spec.column, severity: 'error', message: 'is required' });
        return;
      }
      const parsed = spec.parse(raw);
      if ('error' in parsed) rowProblems.push({ row, column: table.header[i]!, field: spec.column, severity: 'error', message: parsed.error });
      else record[spec.key] = parsed.value;
    });
    const at = (key: string, severity: ImportProblem['severity'], message: string): ImportProblem => {
      const spec = IMPORT_COLUMNS[kind].find((s) => s.key === key);
      return { row, column: columnOf.get(key) ?? spec?.column ?? null, field: spec?.column ?? null, severity, message };
    };
    if (rowProblems.length === 0) rowProblems.push(...rowRules(kind, record, at));
    if (rowProblems.length === 0) rowProblems.push(...cross(record, row, at));
    problems.push(...rowProblems);
    if (!rowProblems.some((p) => p.severity === 'error')) rows.push({ row, value: record as unknown as ImportRows[K] });
  }
  return { rows, problems: sortProblems(problems), total: dataRows.length };
}

type At = (key: string, severity: ImportProblem['severity'], message: string) => ImportProblem;

/** Rules between the fields of one row. */
function rowRules(kind: ImportKind, r: Record<string, unknown>, at: At): ImportProblem[] {
  const out: ImportProblem[] = [];
  if (kind === 'customers') {
    if ((r.site !== undefined || r.area !== undefined) && r.address === undefined) out.push(at('address', 'error', 'is required with a site or area'));
    if ((r.contact !== undefined || r.title !== undefined) && r.phone === undefined) out.push(at('phone', 'error', 'is required with a contact'));
  }
  if (kind === 'products') {
    const d = r as Partial<ProductRow>;
    if (d.acceptedOn && d.installedOn && d.installedOn < d.acceptedOn) out.push(at('installedOn', 'error', 'must not be before accepted_on'));
    const before = d.installedOn ?? d.acceptedOn;
    if (before && d.commissionedOn && d.commissionedOn < before) out.push(at('commissionedOn', 'error', `must not be before ${d.installedOn ? 'installed_on' : 'accepted_on'}`));
    if (d.acceptedOn && d.warrantyUntil && d.warrantyUntil < d.acceptedOn) out.push(at('warrantyUntil', 'error', 'must not be before accepted_on'));
  }
  if (kind === 'contracts') {
    const c = r as Partial<ContractRow>;
    if (c.startsOn && c.endsOn && c.endsOn < c.startsOn) out.push(at('endsOn', 'error', 'must not be before starts_on'));
  }
  return out;
}

/** Rules between the rows of one file, for each kind: a key repeated, or repeated with other data. */
function crossCheck(kind: ImportKind): (r: Record<string, unknown>, row: number, at: At) => ImportProblem[] {
  if (kind === 'customers') {
    const names = new Map<string, { name: string; row: number }>();
    const sites = new Map<string, { address: string; row: number }>();
    return (r, _row, at) => {
      const c = r as unknown as CustomerRow;
      const first = names.get(c.code);
      if (first && first.name !== c.name) return [at('name', 'error', `differs from row ${first.row}, which gives customer ${c.code} the name "${first.name}"`)];
      if (!first) names.set(c.code, { name: c.name, row: _row });
      if (c.address !== undefined) {
        const key = `${c.code}\n${c.site ?? c.address}`;
        const site = sites.get(key);
        if (site && site.address !== c.address) return [at('address', 'error', `differs from row ${site.row} for the same site`)];
        if (!site) sites.set(key, { address: c.address, row: _row });
      }
      return [];
    };
  }
  const key = kind === 'products' ? 'serialNo' : 'number';
  const seen = new Map<string, number>();
  return (r, row, at) => {
    const value = r[key] as string;
    const first = seen.get(value);
    if (first !== undefined) return [at(key, 'error', `repeats row ${first}`)];
    seen.set(value, row);
    return [];
  };
}

export const sortProblems = (problems: ImportProblem[]): ImportProblem[] =>
  [...problems].sort((a, b) => a.row - b.row || (a.column ?? '').localeCompare(b.column ?? ''));

/** The rules an import runs under, fixed when it is filed: contract terms are computed with them. */
export interface ImportRules {
  timeZone: string;
  contractNoticeLeadMs: number;
}

export const IMPORT_STATUSES = ['checked', 'queued', 'running', 'failed', 'done'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}
