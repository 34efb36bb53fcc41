// Score and draw: how much of each site's daily NEE its seasonal band explains — scores pooled and per
// site, Taylor statistics, a Taylor diagram and FR-Gri's bands as SVG figures.
import { writeFileSync } from 'node:fs';
import { SAMPLE_DATA_DIR, prepareDirectory } from '@fluxscale/data';
import { decomposeBands } from '@fluxscale/decomposition';
import { bandSeries, closeFigureRenderer, scoreAll, scoreBySite, taylorDiagram, taylorStats } from '@fluxscale/evaluation';

const sites = prepareDirectory(SAMPLE_DATA_DIR).sites;
const bands = sites.map((site) => decomposeBands(site.target));

// the seasonal band as a "simulation" of daily NEE, pooled over all sites and per site
const observed = sites.flatMap((site) => Array.from(site.target));
const simulated = bands.flatMap((b) => Array.from(b.seasonal));
const siteIds = sites.flatMap((site) => Array.from(site.target, () => site.siteId));
const pooled = scoreAll(observed, simulated); // { rmse, mae, r2, lcs, ..., n, masked }
console.log(`pooled over ${sites.length} sites: RMSE ${pooled.rmse.toFixed(3)} gC m-2 d-1, R² ${pooled.r2.toFixed(3)}, LCS ${pooled.lcs.toFixed(3)}`);
for (const s of scoreBySite(observed, simulated, siteIds)) console.log(`${s.site}: R² ${s.r2.toFixed(2)}, RMSE ${s.rmse.toFixed(2)}`);

// a Taylor diagram: one point per site, grouped by ecosystem
const models = sites.map((site, k) => {
  const t = taylorStats(site.target, bands[k].seasonal);
  return { name: site.siteId, group: site.group, sdRatio: t.normalizedSd, correlation: t.correlation };
});
writeFileSync('taylor.svg', await taylorDiagram({ models, title: 'Seasonal band against daily NEE' }));

// FR-Gri's record and its bands, one panel each
const k = sites.findIndex((site) => site.siteId === 'FR-Gri');
const { seasonal, iav, trend } = bands[k];
const series = [
  { name: 'NEE', values: sites[k].target },
  { name: 'Seasonal', values: seasonal },
  { name: 'IAV', values: iav },
  { name: 'Trend', values: trend },
];
writeFileSync('fr-gri-bands.svg', await bandSeries({ dates: sites[k].dates, series, title: 'FR-Gri', yTitle: 'NEE (gC m⁻² d⁻¹)' }));
await closeFigureRenderer(); // the figures are drawn in a worker thread; stop it so that the process can end
console.log('wrote taylor.svg and fr-gri-bands.svg');
