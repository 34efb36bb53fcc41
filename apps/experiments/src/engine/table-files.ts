/**
 * A column table and the files it is written to: CSV (a header, ISO dates, NaN for missing numbers),
 * Arrow IPC (@fluxscale/data's Arrow writer: Feather v2, strings dictionary-encoded, dates as date32) and Parquet
 * (hyparquet-writer: strings UTF8, dates DATE, snappy-compressed). Each file is written atomically.
 */
import { join } from 'node:path';
import { arrowFileBytes, formatDay, type TableColumn } from '@fluxscale/data';
import { csvText, writeFileAtomic } from '@fluxscale/util';

/** A named table of equally long columns. */
export interface Table {
  readonly name: string;
  readonly rows: number;
  readonly columns: readonly TableColumn[];
}

/** The file formats a table can be written in. */
export const TABLE_FORMATS = ['arrow', 'parquet', 'csv'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

const EXTENSIONS: Record<TableFormat, string> = { arrow: 'arrow', parquet: 'parquet', csv: 'csv' };

/** The table as CSV text. */
export function tableCsv(table: Table): string {
  const cells = table.columns.map((c): ((i: number) => string) => {
    if (c.kind === 'string') return (i) => c.values[i];
    if (c.kind === 'date') return (i) => formatDay(c.values[i]);
    return (i) => String(c.values[i]);
  });
  const rows: string[][] = [table.columns.map((c) => c.name)];
  for (let i = 0; i < table.rows; i++) rows.push(cells.map((cell) => cell(i)));
  return csvText(rows);
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
  const bytes = format === 'csv' ? tableCsv(table) : format === 'arrow' ? arrowFileBytes(table.columns) : await tableParquet(table);
  writeFileAtomic(file, bytes);
  return file;
}
