import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and line breaks, and numbers lines', () => {
    const { header, rows } = parseCsv('\ufeffcode,name,note\r\nA1,"南昌, 东湖","say ""hi""\nsecond line"\nA2,b,c\n');
    expect(header).toEqual(['code', 'name', 'note']);
    expect(rows[0]).toEqual({ line: 2, values: { code: 'A1', name: '南昌, 东湖', note: 'say "hi"\nsecond line' } });
    expect(rows[1].line).toBe(4);
  });

  it('names the line of a broken row', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n')).toThrow(/line 3: 1 fields, the header has 2/);
    expect(() => parseCsv('a,b\n1,"2\n')).toThrow(/line 2: a quoted field is not closed/);
    expect(() => parseCsv('')).toThrow(/empty/);
  });
});
