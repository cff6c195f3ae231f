// The C ABI of the wasm module: the only boundary between JavaScript and the core.
//
// Conventions:
// - Strings cross as NUL-terminated UTF-8. A string the module returns is allocated with malloc;
//   the caller (JS) copies it out and frees it with loudou_free().
// - No exception ever crosses this boundary; every failure is a command-API error object in JSON
//   ({"ok": false, "error": {"code", "message", "field"?}}), success is {"ok": true, "result"}.
// - One engine per module instance, used from one thread (the worker).
// - Databases live in the "loudou-mem" VFS (idb_vfs.h): JavaScript fills a file with
//   loudou_vfs_file_reset/_chunk from IndexedDB, then opens it here; each commit comes back to
//   JavaScript through Module.onCommit. The exports are listed in exported_functions.json.
#pragma once

#include "idb_vfs.h"

#ifdef __cplusplus
extern "C" {
#endif

// Opens the database `name` with the named SQLite VFS ("" for SQLite's default) and returns a
// response whose result is meta.info. The schema is created or migrated (those writes commit).
char* loudou_open(const char* name, const char* vfs);
// Runs one command-API request (JSON text) and returns the response JSON.
char* loudou_call(const char* request_json);
// Checks the loudou-mem file `name` on a separate read-only connection: PRAGMA integrity_check
// and the Loudou schema table. Result: {"integrity": "ok", "schema_version": N}; a file that fails
// is a validation_failed error naming field "file".
char* loudou_check(const char* name);
// Replaces the open database (opened with loudou_open on the loudou-mem VFS) by the loudou-mem
// file `scratch`, after loudou_check accepts it; the engine reopens on it and migrates it. If the
// engine refuses it (say, a newer schema) the old database is put back. `scratch` is deleted.
// Result: meta.info of the database now open.
char* loudou_import(const char* scratch);
// 1 if the open engine answers the command-API op `op`, else 0. The small modules (the same ABI,
// built with wasm/catalog_lite.cc or catalog_board.cc) answer only some ops; the worker asks
// before each request and swaps in the full module for any other.
int loudou_has_op(const char* op);
// Closes the engine (a later loudou_open starts afresh).
void loudou_close(void);
// Frees a string returned by this module.
void loudou_free(char* p);

#ifdef __cplusplus
}
#endif
