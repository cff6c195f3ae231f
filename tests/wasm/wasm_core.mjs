// Loads the web build of the wasm core in node (handing it the .wasm bytes: the ES6 node build of
// Emscripten 3.1.6 does not load). $LOUDOU_WASM_DIR picks the build (default build/wasm/out).
import { readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadCore } from '../../web/src/engine/core.js';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const wasmDir = resolve(root, process.env.LOUDOU_WASM_DIR || 'build/wasm/out');

/**
 * A fresh module instance; onCommit(name, size, pages) sees every commit of a persistent file.
 * `module` picks the build: loudou (every op), loudou-lite or loudou-board (wasm/CMakeLists.txt).
 */
export function newCore(onCommit, module = 'loudou') {
  return loadCore({
    moduleUrl: pathToFileURL(resolve(wasmDir, `${module}.mjs`)).href,
    wasmBinary: readFileSync(resolve(wasmDir, `${module}.wasm`)),
    onCommit,
  });
}
