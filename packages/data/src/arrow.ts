/**
 * Apache Arrow: the one writer of Arrow tables and Arrow IPC files (Feather v2) in fluxscale, the
 * bridge to dataframe libraries (pandas via pyarrow, R arrow, polars, danfo.js via apache-arrow).
 * A prepared site is one row per day, columns `date` (Arrow date32, days since 1970-01-01), the
 * target, then the drivers (float64, FLUXNET units); site id, IGBP, group, lat and lon go in the
 * schema metadata under `fluxscale.*` keys.
 */
import { DateDay, Dictionary, Float64, Int32, Table, Utf8, makeData, makeVector, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { writeFileAtomic } from '@fluxscale/util';
import type { PreparedSite } from './prepare.js';

/** One column of a table: strings, days since 1970-01-01 (UTC), 32-bit integers or 64-bit floats. */
export type TableColumn =
  | { readonly name: string; readonly kind: 'string'; readonly values: readonly string[] }
  | { readonly name: string; readonly kind: 'date' | 'int'; readonly values: Int32Array }
  | { readonly name: string; readonly kind: 'float'; readonly values: Float64Array };

/**
 * An Arrow table of equally long `columns`, in order: strings dictionary-encoded (Utf8, int32
 * indices), dates date32, integers int32, floats float64; `metadata` goes in the schema.
 */
export function columnsToArrow(columns: readonly TableColumn[], metadata: Readonly<Record<string, string>> = {}): Table {
  const vectors: Record<string, Vector> = {};
  for (const c of columns) {
    if (c.kind === 'string') vectors[c.name] = vectorFromArray(c.values as string[], new Dictionary(new Utf8(), new Int32()));
    else if (c.kind === 'date') vectors[c.name] = makeVector(makeData({ type: new DateDay(), length: c.values.length, data: c.values }));
    else if (c.kind === 'int') vectors[c.name] = makeVector(makeData({ type: new Int32(), length: c.values.length, data: c.values }));
    else vectors[c.name] = makeVector(makeData({ type: new Float64(), length: c.values.length, data: c.values }));
  }
  const table = new Table(vectors);
  for (const [key, value] of Object.entries(metadata)) table.schema.metadata.set(key, value);
  return table;
}

/** The bytes of an Arrow IPC file (Feather v2, readable by pyarrow.feather / arrow::read_feather) of `columns`; see {@link columnsToArrow}. */
export const arrowFileBytes = (columns: readonly TableColumn[], metadata: Readonly<Record<string, string>> = {}): Uint8Array =>
  tableToIPC(columnsToArrow(columns, metadata), 'file');

/** The columns and schema metadata of a prepared site (see the module comment). */
function siteColumns(site: PreparedSite): { columns: TableColumn[]; metadata: Record<string, string> } {
  const columns: TableColumn[] = [
    { name: 'date', kind: 'date', values: site.dates },
    { name: site.targetName, kind: 'float', values: site.target },
    ...Object.entries(site.drivers).map(([name, values]): TableColumn => ({ name, kind: 'float', values })),
  ];
  const metadata = {
    'fluxscale.siteId': site.siteId,
    'fluxscale.igbp': site.igbp,
    'fluxscale.group': site.group,
    'fluxscale.lat': String(site.lat),
    'fluxscale.lon': String(site.lon),
    'fluxscale.target': site.targetName,
  };
  return { columns, metadata };
}

/** An Arrow table of a prepared site (see the module comment for its columns and metadata). */
export function toArrowTable(site: PreparedSite): Table {
  const { columns, metadata } = siteColumns(site);
  return columnsToArrow(columns, metadata);
}

/** Writes a prepared site as an Arrow IPC file (Feather v2, readable by pyarrow.feather / arrow::read_feather), atomically. */
export function writeArrowIPC(site: PreparedSite, path: string): void {
  const { columns, metadata } = siteColumns(site);
  writeFileAtomic(path, arrowFileBytes(columns, metadata));
}
