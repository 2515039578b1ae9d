import { describe, expect, it } from 'vitest';
import { type CsvBreak, type CsvRecord, readCsv } from '../../src/cli/csv-records.ts';
import { csvLine } from '../../src/cli/csv-write.ts';
import { nodeAddressHasher } from '../../src/node/address-hasher.ts';
import { webAddressHasher } from '../../src/subscribers/address-hash.ts';
import { TEST_SECRET } from '../support/deps.ts';

function read(text: string) {
  const records: CsvRecord[] = [];
  const breaks: CsvBreak[] = [];
  readCsv(
    Buffer.from(text),
    (record) => records.push(record),
    (b) => breaks.push(b),
  );
  return { records, breaks };
}

describe('reading CSV', () => {
  it('numbers records by the line they start on, with CRLF, a BOM, blank lines and quoted line breaks', () => {
    const { records, breaks } = read(
      '\uFEFFemail,name\r\n\r\na@x.com,"Zoë\r\nSecond line"\r\n\r\n\r\nb@x.com,"B, ""the"" second"\r\nc@x.com,C',
    );
    expect(breaks).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['email', 'name'] },
      { line: 3, fields: ['a@x.com', 'Zoë\r\nSecond line'] },
      { line: 7, fields: ['b@x.com', 'B, "the" second'] },
      { line: 8, fields: ['c@x.com', 'C'] },
    ]);
  });

  it('reports a quote that is never closed at its line and reads on from the next', () => {
    const { records, breaks } = read('email\na@x.com\n"b@x.com\nc@x.com\nd@x.com\n');
    expect(breaks).toEqual([
      { line: 3, reason: 'broken quoting: a quote opened on this line is never closed' },
    ]);
    expect(records.map((r) => [r.line, r.fields[0]])).toEqual([
      [1, 'email'],
      [2, 'a@x.com'],
      [4, 'c@x.com'],
      [5, 'd@x.com'],
    ]);
  });

  it('reports every broken line in a file with many, and keeps the rest', () => {
    const lines = ['email'];
    for (let i = 0; i < 50; i++) lines.push(i % 10 === 3 ? `"broken${i}@x.com` : `ok${i}@x.com`);
    const { records, breaks } = read(lines.join('\r\n'));
    expect(breaks.map((b) => b.line)).toEqual([5, 15, 25, 35, 45]);
    expect(records).toHaveLength(46);
    expect(records.at(-1)).toEqual({ line: 51, fields: ['ok49@x.com'] });
  });
});

describe('writing CSV', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas in every column', () => {
    expect(csvLine(['a', 'b c', 'd,e', 'say "hi"', null, 3, ' lead'])).toBe(
      'a,b c,"d,e","say ""hi""",,3," lead"\n',
    );
    expect(csvLine(['=1+1', '+1', '@SUM(A1)', '-2', '\tx', '  =cmd|x', 'a=b', -2])).toBe(
      `'=1+1,'+1,'@SUM(A1),'-2,'\tx,'  =cmd|x,a=b,-2\n`,
    );
  });
});

describe('the address hash used by imports and Node signups', () => {
  it('is the same as the Web Crypto one that Workers and erasure use', async () => {
    const hash = nodeAddressHasher(TEST_SECRET);
    const web = webAddressHasher(TEST_SECRET);
    for (const address of [
      'sam@example.com',
      ' Sam@Example.COM ',
      'zoë.ÉLAN@exämple.org',
      'a+b@x.io',
    ]) {
      expect(hash(address), address).toBe(await web(address));
    }
  });
});
