module.exports = { preset: '@fluxscale/jest-preset', roots: ['<rootDir>/test'] };
