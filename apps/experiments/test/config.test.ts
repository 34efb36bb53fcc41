import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadConfig, profileNames } from '../src/config/load.js';

const REPO = join(__dirname, '..', '..', '..');

describe('profiles', () => {
  it.each(profileNames())('%s resolves, and its data paths lie inside the repository and exist', (profile) => {
    const config = loadConfig({ profile });
    for (const path of [config.data.dir, config.data.meta]) {
      if (path === null) continue;
      expect(relative(REPO, path).startsWith('..')).toBe(false);
      expect(existsSync(path)).toBe(true);
    }
  });
});
