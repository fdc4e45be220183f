// The one CSV writer of every report (C12, P13, P14, S10, S11): RFC 4180, and safe to open in a
// spreadsheet, where a cell that starts like a formula would otherwise be run.
import { csvCell, toCsv } from '../../api/render/csv';

test('a text cell that starts like a formula stays text: =, +, -, @, a tab or a carriage return', () => {
  expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
  expect(csvCell('+1+2')).toBe("'+1+2");
  expect(csvCell('-1+2')).toBe("'-1+2");
  expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  expect(csvCell('\t=1')).toBe("'\t=1");
  expect(csvCell('\r=1')).toBe(`"'\r=1"`);
});

test('numbers, negative amounts and ordinary text are written as they are', () => {
  expect(csvCell(-5)).toBe('-5');
  expect(csvCell('-12.50')).toBe('-12.50');
  expect(csvCell('4321.50')).toBe('4321.50');
  expect(csvCell('Zhang Wei')).toBe('Zhang Wei');
  expect(csvCell(true)).toBe('true');
  expect(csvCell(undefined)).toBe('');
});

test('quotes, commas and line breaks are quoted; lines end with CRLF', () => {
  expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], [null, 'two\nlines']])).toBe('a,b\r\n"x,y","say ""hi"""\r\n,"two\nlines"\r\n');
});
