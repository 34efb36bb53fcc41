module.exports = require('@fluxscale/eslint-config');
