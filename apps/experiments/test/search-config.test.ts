/**
 * Fixed and searched hyper-parameters across config layers: what a layer searches is no longer fixed
 * by the layers below it, what it fixes is no longer searched by them, and one layer cannot both fix
 * and search a parameter.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { tempDir } from './helpers/cli.js';

/** A user config file with `text`, over the quick profile. */
function userConfig(text: string): string {
  const file = join(tempDir(), 'search.yaml');
  writeFileSync(file, text);
  return file;
}

describe('search.fixed and search.spaces across layers', () => {
  it("the scale profile searches the LSTM's hidden units, learning rate, batch size and dropout that quick fixes", () => {
    const quick = loadConfig({ profile: 'quick' }).search.fixed.lstm!;
    const scale = loadConfig({ profile: 'scale' }).search;
    expect(quick).toMatchObject({ hidden: 32, learningRate: 0.01, batchSize: 16 });
    expect(Object.keys(scale.spaces.lstm!).sort()).toEqual(['batchSize', 'dropout', 'hidden', 'learningRate']);
    expect(scale.fixed.lstm).toEqual({ training: 'sequence', targetDays: 120, epochs: 40, patience: 8 });
  });

  it("a user config's space un-fixes only the parameters it searches", () => {
    const config = loadConfig({ profile: 'quick', configFile: userConfig('search:\n  spaces:\n    lstm:\n      hidden: { type: int, min: 8, max: 64 }\n') });
    expect(config.search.spaces.lstm).toEqual({ hidden: { type: 'int', min: 8, max: 64 } });
    expect(config.search.fixed.lstm).toEqual({ training: 'stateful', targetDays: 120, batchSize: 16, learningRate: 0.01, epochs: 40, patience: 8 });
    expect(config.search.fixed.fnn).toEqual({ epochs: 30, patience: 5 });
  });

  it("a layer's fixed value un-searches the parameter below it: scale-spatial fixes the LSTM that scale searches", () => {
    const config = loadConfig({ profile: 'scale-spatial' }).search;
    expect(config.spaces.lstm).toEqual({ dropout: { type: 'float', min: 0, max: 0.3 } });
    expect(config.fixed.lstm).toEqual({ training: 'stateful', targetDays: 120, hidden: 32, batchSize: 16, learningRate: 0.01, epochs: 40, patience: 8 });
    expect(config.spaces.rf).toEqual(loadConfig({ profile: 'scale' }).search.spaces.rf);
  });

  it('refuses one layer that both fixes and searches a parameter, naming it', () => {
    const file = userConfig('search:\n  fixed:\n    lstm: { hidden: 16 }\n  spaces:\n    lstm:\n      hidden: { type: int, min: 8, max: 64 }\n');
    expect(() => loadConfig({ profile: 'quick', configFile: file })).toThrow('search: lstm.hidden both fixed (search.fixed) and searched (search.spaces); a parameter is one or the other');
  });
});
