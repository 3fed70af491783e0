module.exports = { displayName: 'resources', preset: '../../jest.preset.js', rootDir: __dirname };
