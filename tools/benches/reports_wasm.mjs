// The wasm half of `tools/bench reports`: the web build of the core under node (handed its .wasm
// as wasmBinary), on the SAME database file as the native half, timing the same requests as
// reports_native.cc (the loop is reports_run.mjs, shared with the Chromium half). One JSON line
// per report: {name, cold_ms, ms (median warm wall), cpu_ms (median warm CPU of this process), result}.
//   node reports_wasm.mjs BUILD_OUT_DIR DB_FILE REQUESTS_JSON [RUNS]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCore } from '../../web/src/engine/core.js';
import { runReports } from './reports_run.mjs';

const [outDir, dbFile, requestsPath, runs = '9'] = process.argv.slice(2);
const core = await loadCore({ moduleUrl: pathToFileURL(path.join(outDir, 'loudou.mjs')).href,
                              wasmBinary: fs.readFileSync(path.join(outDir, 'loudou.wasm')) });
const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const spec = JSON.parse(fs.readFileSync(requestsPath, 'utf8'));
for (const line of runReports(core, fs.readFileSync(dbFile), spec, Number(runs), cpuMs)) console.log(line);
