// webpack 5 follows the element's `new URL('./…', import.meta.url)` as asset modules: the
// wasm, the stylesheet and the templates are emitted once each; fieldkit.js is a chunk.
const path = require('node:path');

module.exports = {
  entry: './src/index.js',
  output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', chunkFilename: '[name].[contenthash].js', clean: true, publicPath: '/' },
  // The wasm is 400 KB: expected, and loaded once.
  performance: { hints: false },
};
