module.exports = { preset: '@fluxscale/jest-preset' };
