/**
 * A column table and the files it is written to: CSV (a header, ISO dates, NaN for missing numbers),
 * Arrow IPC (the file format, Feather v2: strings dictionary-encoded, dates as date32) and Parquet
 * (hyparquet-writer: strings UTF8, dates DATE, snappy-compressed). Each file is written atomically.
 */
import { join } from 'node:path';
import { formatDay } from '@fluxscale/data';
import { writeFileAtomic } from '@fluxscale/util';
import { DateDay, Dictionary, Float64, Int32, Table as ArrowTable, Utf8, makeData, makeVector, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';

/** One column: strings, days since 1970-01-01 (UTC), 32-bit integers or floats. */
export type Column =
  | { readonly name: string; readonly kind: 'string'; readonly values: readonly string[] }
  | { readonly name: string; readonly kind: 'date' | 'int'; readonly values: Int32Array }
  | { readonly name: string; readonly kind: 'float'; readonly values: Float64Array };

/** A named table of equally long columns. */
export interface Table {
  readonly name: string;
  readonly rows: number;
  readonly columns: readonly Column[];
}

/** The file formats a table can be written in. */
export const TABLE_FORMATS = ['arrow', 'parquet', 'csv'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

const EXTENSIONS: Record<TableFormat, string> = { arrow: 'arrow', parquet: 'parquet', csv: 'csv' };

/** A CSV field, quoted where it holds a comma, a quote or a line break. */
const csvField = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The table as CSV text. */
export function tableCsv(table: Table): string {
  const cells = table.columns.map((c): ((i: number) => string) => {
    if (c.kind === 'string') return (i) => csvField(c.values[i]);
    if (c.kind === 'date') return (i) => formatDay(c.values[i]);
    return (i) => String(c.values[i]);
  });
  const lines = [table.columns.map((c) => csvField(c.name)).join(',')];
  for (let i = 0; i < table.rows; i++) lines.push(cells.map((cell) => cell(i)).join(','));
  return `${lines.join('\n')}\n`;
}

/** The table as an Apache Arrow table. */
export function arrowTable(table: Table): ArrowTable {
  const vectors: Record<string, Vector> = {};
  for (const c of table.columns) {
    if (c.kind === 'string') vectors[c.name] = vectorFromArray(c.values as string[], new Dictionary(new Utf8(), new Int32()));
    else if (c.kind === 'date') vectors[c.name] = makeVector(makeData({ type: new DateDay(), length: c.values.length, data: c.values }));
    else if (c.kind === 'int') vectors[c.name] = makeVector(makeData({ type: new Int32(), length: c.values.length, data: c.values }));
    else vectors[c.name] = makeVector(makeData({ type: new Float64(), length: c.values.length, data: c.values }));
  }
  return new ArrowTable(vectors);
}

/** The Parquet schema of a table: every column required; strings UTF8, dates DATE (int32 days), floats double. */
function parquetSchema(table: Table) {
  const types = { string: { type: 'BYTE_ARRAY', converted_type: 'UTF8' }, date: { type: 'INT32', converted_type: 'DATE' }, int: { type: 'INT32' }, float: { type: 'DOUBLE' } } as const;
  return [{ name: 'root', num_children: table.columns.length }, ...table.columns.map((c) => ({ name: c.name, repetition_type: 'REQUIRED' as const, ...types[c.kind] }))];
}

/** The table as Parquet bytes, snappy-compressed (hyparquet-writer, an ES module: loaded on first use). */
export async function tableParquet(table: Table): Promise<Uint8Array> {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const columnData = table.columns.map((c) => ({ name: c.name, data: c.kind === 'string' ? (c.values as string[]) : c.values }));
  return new Uint8Array(parquetWriteBuffer({ columnData, schema: parquetSchema(table) }));
}

/** Writes the table as `<dir>/<table.name>.<ext>` in `format`, atomically; returns the file's path. */
export async function writeTable(table: Table, dir: string, format: TableFormat): Promise<string> {
  const file = join(dir, `${table.name}.${EXTENSIONS[format]}`);
  const bytes = format === 'csv' ? tableCsv(table) : format === 'arrow' ? tableToIPC(arrowTable(table), 'file') : await tableParquet(table);
  writeFileAtomic(file, bytes);
  return file;
}
