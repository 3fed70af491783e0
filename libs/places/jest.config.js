module.exports = { displayName: 'places', preset: '../../jest.preset.js', rootDir: __dirname };
