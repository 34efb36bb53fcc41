#!/usr/bin/env node
// Builds data/fluxnet2015-daily/ (the 110-site daily data set the verdict and scale profiles run on)
// from a folder of FLUXNET2015 daily site files derived as described in its ATTRIBUTION.md: each
// FLX_*_DD_*.csv trimmed to the columns fluxscale uses (cell text kept verbatim) and gzipped
// (deterministically: no name, no time stamp), plus sites.csv (file names updated) and fluxscale.json.
// Usage (after `pnpm build`): node tooling/scripts/make-daily-data.mjs SOURCE_DIR
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { trim, writeFileAtomic } from '../../packages/data/scripts/daily-files.mjs';

const source = process.argv[2];
if (!source) {
  process.stderr.write('usage: make-daily-data.mjs SOURCE_DIR (a folder of FLX_*_DD_*.csv files with its sites.csv)\n');
  process.exit(2);
}
const out = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'fluxnet2015-daily');

mkdirSync(out, { recursive: true });
const files = readdirSync(source).filter((f) => /^FLX_.*_DD_.*\.csv$/.test(f)).sort();
for (const f of files) writeFileAtomic(join(out, `${f}.gz`), gzipSync(trim(readFileSync(join(source, f), 'utf8')), { level: 9 }));
const table = readFileSync(join(source, 'sites.csv'), 'utf8').replace(/\r/g, '').trim().split('\n');
writeFileAtomic(join(out, 'sites.csv'), `${table.map((l, i) => (i === 0 ? l : l.replace(/\.csv$/, '.csv.gz'))).join('\n')}\n`);
writeFileAtomic(join(out, 'fluxscale.json'), `${JSON.stringify({ target: 'NEE_VUT_REF', drivers: ['TA_F', 'SW_IN_F', 'VPD_F'], meta: 'sites.csv' }, null, 2)}\n`);
process.stderr.write(`make-daily-data: ${files.length} site files → ${out}\n`);
