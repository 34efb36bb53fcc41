#!/usr/bin/env node
// Builds the bundled sample, packages/data/sample/fluxnet2015/, from the shared FLUXNET2015 folder:
// every daily (_DD_) site file trimmed to the columns fluxscale uses (cell text kept verbatim) and
// gzipped, plus sites.csv, fluxscale.json and ATTRIBUTION.md.
// Usage (after `pnpm build`): node scripts/make-sample.mjs [SOURCE_DIR]   (default ../shared/data/fluxnet2015 beside the repository)
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { KEEP, trim, writeFileAtomic } from './daily-files.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(process.argv[2] ?? join(here, '..', '..', '..', '..', 'shared', 'data', 'fluxnet2015'));
const out = resolve(here, '..', 'sample', 'fluxnet2015');

mkdirSync(out, { recursive: true });
const files = readdirSync(source).filter((f) => /^FLX_.*_DD_.*\.csv$/.test(f)).sort();
const sitesTable = readFileSync(join(source, 'sites.csv'), 'utf8').trim().split('\n');
const col = sitesTable[0].split(',');
const rows = sitesTable.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [col[i], v])));
const sites = [];
for (const f of files) {
  const site = f.split('_')[1];
  const meta = rows.find((r) => r.site_id === site);
  if (!meta) throw new Error(`${f}: site ${site} not in ${join(source, 'sites.csv')}`);
  writeFileAtomic(join(out, `${f}.gz`), gzipSync(trim(readFileSync(join(source, f), 'utf8')), { level: 9 }));
  sites.push({ ...meta, file: `${f}.gz` });
}
writeFileAtomic(join(out, 'sites.csv'), ['site_id,igbp,lat,lon', ...sites.map((s) => `${s.site_id},${s.igbp},${s.lat},${s.lon}`)].join('\n') + '\n');
writeFileAtomic(
  join(out, 'fluxscale.json'),
  JSON.stringify({ target: 'NEE_VUT_REF', drivers: ['TA_F', 'SW_IN_F', 'VPD_F'], meta: 'sites.csv' }, null, 2) + '\n',
);
const siteLines = sites.map((s) => `| ${s.site_id} | ${s.igbp} | ${s.lat} | ${s.lon} | ${s.first_year}-${s.last_year} | ${s.file} |`);
writeFileAtomic(
  join(out, 'ATTRIBUTION.md'),
  `# FLUXNET2015 sample: attribution and licence

These ${sites.length} daily site files are FLUXNET2015 Tier-1 data, licensed under the
Creative Commons Attribution 4.0 International licence (CC-BY-4.0, https://creativecommons.org/licenses/by/4.0/).
When you use them, cite:

> Pastorello, G., Trotta, C., Canfora, E. et al. The FLUXNET2015 dataset and the ONEFlux processing pipeline
> for eddy covariance data. Sci Data 7, 225 (2020). https://doi.org/10.1038/s41597-020-0534-3

and acknowledge the site teams of: ${sites.map((s) => s.site_id).join(', ')}.

## Changes made here

Each file was trimmed to the columns fluxscale uses (${KEEP.join(', ')}; P_F and WS_F only where present)
and gzipped; cell values are unchanged. Missing values are -9999. Units: NEE_VUT_REF gC m-2 d-1, TA_F degC,
SW_IN_F W m-2, VPD_F hPa, P_F mm d-1, WS_F m s-1; *_QC is the fraction of good-quality half-hours.

The source folder holds 8 ZARRDERIVED daily files plus 4 MERGED daily files (FR-Pue has only its MERGED
daily file); all 12 are shipped.

| site | IGBP | lat | lon | years | file |
|---|---|---|---|---|---|
${siteLines.join('\n')}

## Sources

- \`*_ZARRDERIVED_DD_*\`: daily means derived from the FLUXNET2015 FULLSET half-hourly data re-hosted as Zarr at
  EXCITED-CO2/zarr-fluxnet2015 (fluxnet.zarr@d8ab6f5123bf714a70f698bdcca7553dd080ca69, CC-BY-4.0): UTC shifted back to
  local standard time, a day is the mean of its 48 half-hours (-9999 if any is missing), NEE converted from
  umol m-2 s-1 to gC m-2 d-1 (x 12.011e-6 x 86400), QC = fraction of half-hours with QC 0 or 1. The daily NEE_VUT_REF is
  the daily mean of the half-hourly REF member and can differ slightly from the official DD value.
- \`*_MERGED_DD_*\`: drivers (TA_F, SW_IN_F, VPD_F, P_F, WS_F) are original FLUXNET2015 FULLSET DD values from
  geco-bern/agds (data/df_for_stepwise_regression.csv@f1b93ee3bf90fbb68c9797dc615d76796af9e30b); NEE_VUT_REF and its QC
  are derived from the Zarr half-hourly data as above.
- IGBP class and coordinates: geco-bern/ingestr data-raw/fluxnet2015_metadata/siteinfo_fluxnet2015.csv
  @f6c35143b31cd87d536bd167c4b26bb3a0bf3682.

Regenerate with \`node scripts/make-sample.mjs [SOURCE_DIR]\` from packages/data.
`,
);
console.error(`wrote ${sites.length} site files to ${out}`);
