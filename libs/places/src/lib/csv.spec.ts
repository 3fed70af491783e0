import { csvRecords } from './csv';

describe('CSV', () => {
  it("reads quotes, commas and line breaks inside quotes, CRLF, a BOM, and keeps each record's line", () => {
    const r = csvRecords('\ufeffname,address\r\n"阳光花园, 二期","北京东路 ""88"" 号"\r\n\r\n"多\n行",x\nlast,');
    expect(r.error).toBeNull();
    expect(r.records).toEqual([
      { line: 1, fields: ['name', 'address'] },
      { line: 2, fields: ['阳光花园, 二期', '北京东路 "88" 号'] },
      { line: 4, fields: ['多\n行', 'x'] },
      { line: 6, fields: ['last', ''] },
    ]);
  });
  it('names the line of a quote left open', () => {
    expect(csvRecords('a,b\n"open,x\n').error).toBe('line 2: a quoted field is not closed');
  });
});
