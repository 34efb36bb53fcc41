module.exports = {
  preset: '@fluxscale/jest-preset',
  // jest cannot require the ES-module 'webgpu' package itself; see the helper.
  moduleNameMapper: { '^webgpu$': '<rootDir>/test/helpers/webgpu-package.cjs' },
};
