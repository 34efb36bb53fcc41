// The 'webgpu' package (Dawn's Node bindings) for jest, which maps the module name 'webgpu' here
// (jest.config.js): the package's entry is an ES module, which jest's require cannot load before
// Node 24.9, so this loads the native addon that the entry re-exports ({ create, globals }) directly,
// from the package's per-platform directory.
const path = require('node:path');

const root = path.dirname(require.resolve('webgpu/package.json'));
const platform = process.platform === 'darwin' ? 'darwin-universal' : `${process.platform}-${process.arch}`;

module.exports = require(path.join(root, 'dist', platform, 'dawn.node'));
