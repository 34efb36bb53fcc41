import { isRegistryName } from '../src/index.js';

describe('isRegistryName', () => {
  it('takes lower-case names with digits and dashes after a first letter', () => {
    for (const name of ['ridge', 'oneflux-hh', 'table1', 'fluxnet2015-dd']) expect(isRegistryName(name)).toBe(true);
  });

  it('refuses upper case, a leading digit or dash, other characters, the empty string and non-strings', () => {
    for (const name of ['Ridge', '1table', '-x', 'my_model', 'a b', '', 7, null, undefined]) expect(isRegistryName(name)).toBe(false);
  });
});
