module.exports = { displayName: 'interop', preset: '../../jest.preset.js', rootDir: __dirname };
