module.exports = { displayName: 'geo', preset: '../../jest.preset.js', rootDir: __dirname };
