/**
 * Apache Arrow export of a prepared site, the bridge to dataframe libraries (pandas via pyarrow,
 * R arrow, polars, danfo.js via apache-arrow): one row per day, columns `date` (Arrow date32,
 * days since 1970-01-01), the target, then the drivers (float64, FLUXNET units); site id, IGBP,
 * group, lat and lon go in the schema metadata under `fluxscale.*` keys.
 */
import { DateDay, Table, makeData, makeVector, tableToIPC, type Vector } from 'apache-arrow';
import { writeFileAtomic } from '@fluxscale/util';
import type { PreparedSite } from './prepare.js';

/** An Arrow table of a prepared site (see the module comment for its columns and metadata). */
export function toArrowTable(site: PreparedSite): Table {
  const columns: Record<string, Vector> = {
    date: makeVector(makeData({ type: new DateDay(), length: site.dates.length, data: site.dates })),
    [site.targetName]: makeVector(site.target),
  };
  for (const [name, values] of Object.entries(site.drivers)) columns[name] = makeVector(values);
  const table = new Table(columns);
  const meta = table.schema.metadata;
  meta.set('fluxscale.siteId', site.siteId);
  meta.set('fluxscale.igbp', site.igbp);
  meta.set('fluxscale.group', site.group);
  meta.set('fluxscale.lat', String(site.lat));
  meta.set('fluxscale.lon', String(site.lon));
  meta.set('fluxscale.target', site.targetName);
  return table;
}

/** Writes a prepared site as an Arrow IPC file (Feather v2, readable by pyarrow.feather / arrow::read_feather), atomically. */
export function writeArrowIPC(site: PreparedSite, path: string): void {
  writeFileAtomic(path, tableToIPC(toArrowTable(site), 'file'));
}
