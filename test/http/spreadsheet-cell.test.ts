import { spreadsheetSafe } from '../../src/http/spreadsheet-cell';

describe('CSV cells opened in a spreadsheet', () => {
  test.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+62812', `'+62812`],
    ['-1+1', `'-1+1`],
    ['@SUM(A1)', `'@SUM(A1)`],
  ])('when a cell starts with a formula character (%j), then it is defused', (value, safe) => {
    expect(spreadsheetSafe(value)).toBe(safe);
  });

  test.each([
    ['Ibu Sari;=cmd|"/c calc"!A1', `Ibu Sari;'=cmd|"/c calc"!A1`],
    ['catatan; +6281234', `catatan; '+6281234`],
  ])('when a formula hides after a ";" (Excel in Indonesia splits there), then that part is defused too (%j)', (value, safe) => {
    expect(spreadsheetSafe(value)).toBe(safe);
  });

  test('when a cell is ordinary text with a ";" or a dash inside, then it is kept as written', () => {
    expect(spreadsheetSafe('Jl. A Yani km 5; RT 02 - RW 03')).toBe('Jl. A Yani km 5; RT 02 - RW 03');
  });
});
