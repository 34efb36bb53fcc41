import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const EXAMPLES_DIR = join(__dirname, '..');
const PACKAGES_DIR = join(EXAMPLES_DIR, '..', 'packages');

/** The example of each package README: the package folder, its example file, and what its output must show. */
const EXAMPLES: ReadonlyArray<{ pkg: string; file: string; check: (stdout: string, cwd: string) => void }> = [
  {
    pkg: 'data',
    file: 'data.mjs',
    check: (out) => {
      expect(out).toContain('12 usable sites, 0 skipped');
      expect(out).toContain('FR-Gri (CRO, group CRO): 2004-01-01 to 2014-12-31, 4018 days');
      expect(out).toContain('first batch: x [128, 365, 7], y [128]');
    },
  },
  {
    pkg: 'decomposition',
    file: 'decomposition.mjs',
    check: (out) => {
      const period = Number(/seasonal band: (\d+) days/.exec(out)?.[1]);
      expect(period).toBeGreaterThan(350);
      expect(period).toBeLessThan(380);
      expect(out).toMatch(/seasonal: 8\d\.\d % of the variance/);
      expect(out).toContain('train-only: fitted on 3214 of 4018 days');
    },
  },
  {
    pkg: 'models',
    file: 'models.mjs',
    check: (out) => {
      expect(out).toContain('lstm epoch 3/3: loss');
      const rmse = (label: RegExp) => Number(label.exec(out)?.[1]);
      const lstm = rmse(/lstm: test RMSE ([\d.]+)/);
      const forest = rmse(/random forest \([\d.]+ s\): test RMSE ([\d.]+)/);
      // both learn something: better than the SD of daily NEE at these sites (about 2.6 gC m-2 d-1)
      expect(lstm).toBeGreaterThan(0.5);
      expect(lstm).toBeLessThan(2.5);
      expect(forest).toBeLessThan(2.5);
      // the saved model loads back with identical predictions
      expect(rmse(/reloaded from .*: test RMSE ([\d.]+)/)).toBe(lstm);
    },
  },
  {
    pkg: 'evaluation',
    file: 'evaluation.mjs',
    check: (out, cwd) => {
      expect(out).toMatch(/pooled over 12 sites: RMSE [\d.]+ gC m-2 d-1, R² 0\.\d+/);
      expect(out.match(/^[A-Z]{2}-\w{3}: R² /gm)).toHaveLength(12);
      const taylor = readFileSync(join(cwd, 'taylor.svg'), 'utf8');
      expect(taylor.startsWith('<svg')).toBe(true);
      expect(taylor).toContain('US-Whs');
      expect(readFileSync(join(cwd, 'fr-gri-bands.svg'), 'utf8')).toContain('Seasonal');
    },
  },
];

/** The fenced code block that follows `<!-- example: examples/<file> -->` in a README, or null. */
function readmeExample(readme: string, file: string): string | null {
  const marker = `<!-- example: examples/${file} -->`;
  const at = readme.indexOf(marker);
  if (at < 0) return null;
  const block = /^```js\n([\s\S]*?)^```$/m.exec(readme.slice(at + marker.length));
  return block ? block[1] : null;
}

describe.each(EXAMPLES)('examples/$file', ({ pkg, file, check }) => {
  it(`runs against the built packages and prints what it promises`, () => {
    const cwd = mkdtempSync(join(tmpdir(), 'fluxscale-example-'));
    const r = spawnSync(process.execPath, [join(EXAMPLES_DIR, file)], { cwd, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${file} failed (${r.status}):\n${r.stderr}`);
    check(r.stdout, cwd);
  });

  it(`is the code shown in packages/${pkg}/README.md, verbatim`, () => {
    const readme = readFileSync(join(PACKAGES_DIR, pkg, 'README.md'), 'utf8');
    const shown = readmeExample(readme, file);
    if (shown === null) throw new Error(`packages/${pkg}/README.md has no "<!-- example: examples/${file} -->" marker followed by a \`\`\`js block`);
    expect(shown).toBe(readFileSync(join(EXAMPLES_DIR, file), 'utf8'));
  });
});
