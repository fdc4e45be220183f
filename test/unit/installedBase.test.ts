// O6's pure rules: search normalisation, phone numbers and their masks, filling a registration from
// the installed base, product dates, follow-up outcomes and the checking of import files.
import { checkTable, importDate, inFileColumns, mapHeader } from '../../domain/installedBase/imports';
import { fillRegistration, warrantyConflict } from '../../domain/installedBase/registration';
import { type FollowUpAttempt, followUpAfter, productDateProblems } from '../../domain/installedBase/schemas';
import { maskPhone, normaliseForSearch, phoneDigits, productSearchText } from '../../domain/installedBase/search';

describe('O6: search and phones', () => {
  test('O6: full-width forms fold and case is ignored, Chinese kept as written', () => {
    expect(normaliseForSearch('  ＬＸ－２００  苏州纺织 ')).toBe('lx-200 苏州纺织');
    expect(productSearchText({ serialNo: 'SN-1', model: 'LX-200' }, { code: 'KH1', name: '苏州纺织' })).toBe('sn-1\nlx-200\nkh1\n苏州纺织');
  });

  test('O6: +86, 0086 and the trunk 0 are dropped so that every way of writing a number matches', () => {
    expect(phoneDigits('+86 512 6666 1234')).toBe('51266661234');
    expect(phoneDigits('0512-6666-1234')).toBe('51266661234');
    expect(phoneDigits('0086 512 66661234')).toBe('51266661234');
    expect(phoneDigits('138 0000 1234')).toBe('13800001234');
  });

  test('G6, O6: a masked phone shows its last four digits and keeps its layout', () => {
    expect(maskPhone('+86 512 6666 1234')).toBe('+** *** **** 1234');
    expect(maskPhone('13800001234')).toBe('*******1234');
    expect(maskPhone('123')).toBe('123');
  });
});

describe('O6, S1, S2: a registration filled from the installed base', () => {
  const facts = { customerName: '苏州纺织', address: '人民路88号', area: 'suburban' as const, phone: '13800001234', productModel: 'LX-200', warrantyUntil: '2027-01-31' };

  test('O6: what the clerk left out is filled and named; what the clerk gave is kept', () => {
    const { body, filled } = fillRegistration({ serialNo: 'SN-1', description: 'x', customer: { phone: '13900000000' } }, facts);
    expect(body).toEqual({
      serialNo: 'SN-1',
      description: 'x',
      customer: { name: '苏州纺织', address: '人民路88号', phone: '13900000000' },
      productModel: 'LX-200',
      area: 'suburban',
      warrantyUntil: '2027-01-31',
    });
    expect(filled).toEqual(['customer.name', 'customer.address', 'productModel', 'area', 'warrantyUntil']);
  });

  test('O6: what the file does not know stays missing, so validation still names it', () => {
    const { body, filled } = fillRegistration({ serialNo: 'SN-1' }, { ...facts, area: null, phone: null });
    expect(body).not.toHaveProperty('area');
    expect((body as { customer: object }).customer).not.toHaveProperty('phone');
    expect(filled).not.toContain('area');
  });

  test('S1: a typed warranty end that differs from the file conflicts; the same one or none does not', () => {
    expect(warrantyConflict('2020-01-01', facts)).toMatch(/2027-01-31/);
    expect(warrantyConflict('2027-01-31', facts)).toBeNull();
    expect(warrantyConflict(undefined, facts)).toBeNull();
    expect(warrantyConflict('2020-01-01', { ...facts, warrantyUntil: null })).toBeNull();
  });
});

describe('O6: product dates and follow-ups', () => {
  test('O6: accepted, then installed, then commissioned; the warranty does not end before acceptance', () => {
    expect(productDateProblems({ acceptedOn: '2026-01-10', installedOn: '2026-01-12', commissionedOn: '2026-01-20', warrantyUntil: '2027-01-10' })).toEqual([]);
    expect(productDateProblems({ acceptedOn: '2026-01-10', installedOn: '2026-01-05' }).map((p) => p.field)).toEqual(['installedOn']);
    expect(productDateProblems({ acceptedOn: '2026-01-10', commissionedOn: '2026-01-01' })).toEqual([{ field: 'commissionedOn', message: 'must not be before acceptedOn' }]);
    expect(productDateProblems({ acceptedOn: '2026-01-10', warrantyUntil: '2025-12-31' }).map((p) => p.field)).toEqual(['warrantyUntil']);
  });

  test('O6: reached completes a follow-up with its answer; not reached stays due until the last attempt, then unreached', () => {
    const attempt = (reached: boolean, satisfied: boolean | null = null): FollowUpAttempt => ({ at: '2026-11-30T00:00:00.000Z', by: { id: 'u', name: 'U' }, reached, satisfied, remarks: null });
    expect(followUpAfter([attempt(false)], 3)).toEqual({ status: 'due', satisfied: null });
    expect(followUpAfter([attempt(false), attempt(true, false)], 3)).toEqual({ status: 'done', satisfied: false });
    expect(followUpAfter([attempt(false), attempt(false), attempt(false)], 3)).toEqual({ status: 'unreached', satisfied: null });
  });
});

describe('O6: import files', () => {
  test('O6: dates as spreadsheets write them become YYYY-MM-DD; an impossible date is an error', () => {
    expect(importDate('2026/3/5')).toEqual({ value: '2026-03-05' });
    expect(importDate('2026年3月5日')).toEqual({ value: '2026-03-05' });
    expect(importDate('2026.12.31')).toEqual({ value: '2026-12-31' });
    expect(importDate('2026-02-30')).toHaveProperty('error');
  });

  test('O6: Chinese and English column names map to the same fields; a missing required column is an error of the header row', () => {
    const mapped = mapHeader('products', ['序列号', 'Model', '客户编号', '备注']);
    expect(mapped.specs.map((s) => s?.column ?? null)).toEqual(['serial_no', 'model', 'customer_code', null]);
    expect(mapped.problems).toEqual([expect.objectContaining({ row: 1, column: '备注', severity: 'warning' })]);
    expect(mapHeader('products', ['序列号', '型号']).problems).toEqual([expect.objectContaining({ row: 1, column: 'customer_code', severity: 'error' })]);
  });

  test('O6: every problem of every row is named by row and the column as the file names it; rows with errors are left out', () => {
    const checked = checkTable('customers', {
      header: ['客户编号', '客户名称', '市区郊区', '电话'],
      rows: [
        { row: 2, cells: ['KH1', '无锡印染厂', '', '0510-8888-1234'] },
        { row: 3, cells: ['', '', '乡下', 'abc'] },
        { row: 4, cells: ['', '', '', ''] },
      ],
    });
    expect(checked.total).toBe(2);
    expect(checked.rows.map((r) => r.row)).toEqual([2]);
    expect(checked.problems.map((p) => [p.row, p.column, p.severity])).toEqual(
      expect.arrayContaining([
        [3, '客户编号', 'error'],
        [3, '客户名称', 'error'],
        [3, '市区郊区', 'error'],
        [3, '电话', 'error'],
      ]),
    );
  });

  test('O6: a problem found against the records names the file\'s own column', () => {
    const problems = inFileColumns('products', ['序列号', '型号', '客户编号'], [{ row: 2, column: 'customer_code', field: 'customer_code', severity: 'error', message: 'unknown' }]);
    expect(problems[0]!.column).toBe('客户编号');
  });
});
