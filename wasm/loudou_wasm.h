// The C ABI of the wasm module: the only boundary between JavaScript and the core.
//
// Conventions:
// - Strings cross as NUL-terminated UTF-8. A string the module returns is allocated with malloc;
//   the caller (JS) copies it out and frees it with loudou_free().
// - No exception ever crosses this boundary; every failure is a command-API error object in JSON.
// - One engine per module instance, used from one thread (the worker).
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

// Opens the database `name` with the named SQLite VFS ("" for the default in-memory one) and
// returns a response JSON ({"ok": true, "result": meta.info} or {"ok": false, "error": ...}).
char* loudou_open(const char* name, const char* vfs);
// Runs one command-API request (JSON text) and returns the response JSON.
char* loudou_call(const char* request_json);
// Closes the engine (a later loudou_open starts afresh).
void loudou_close(void);
// Frees a string returned by this module.
void loudou_free(char* p);

#ifdef __cplusplus
}
#endif
