/**
 * Writing CSV (RFC 4180): a field is quoted when it holds a comma, a double quote or a line break,
 * with its double quotes doubled; rows end with a line feed. Callers turn their values into text
 * first (numbers with `String`, missing values as they document), so that one quoting rule holds
 * for every CSV file fluxscale writes.
 */

/** One CSV field: `text` as is, or quoted (quotes doubled) where it holds a comma, quote, CR or LF. */
export const csvField = (text: string): string => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** CSV text of `rows` (the header first, if any): fields quoted where needed, each row ending in a line feed. */
export function csvText(rows: Iterable<readonly string[]>): string {
  let text = '';
  for (const row of rows) text += `${row.map(csvField).join(',')}\n`;
  return text;
}
