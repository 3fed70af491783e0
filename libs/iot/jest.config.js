module.exports = { displayName: 'iot', preset: '../../jest.preset.js', rootDir: __dirname };
