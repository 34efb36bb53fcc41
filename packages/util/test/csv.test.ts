import { csvField, csvText } from '../src/index.js';

describe('CSV', () => {
  it('quotes exactly the fields holding a comma, a quote or a line break, doubling their quotes', () => {
    expect(['DE-Hai', '1.5', '', 'a,b', 'say "hi"', 'two\nlines', 'cr\r', "it's"].map(csvField)).toEqual([
      'DE-Hai',
      '1.5',
      '',
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
      '"cr\r"',
      "it's",
    ]);
  });

  it('writes a header and rows, each ending in a line feed; no rows, no text', () => {
    expect(csvText([['site', 'note'], ['US-Var', 'grass, annual'], ['AT-Neu', '']])).toBe('site,note\nUS-Var,"grass, annual"\nAT-Neu,\n');
    expect(csvText([])).toBe('');
  });
});
