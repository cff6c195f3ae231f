// The "loudou-mem" SQLite VFS: every file lives in wasm memory, and the database files that
// JavaScript registers as persistent report their dirty chunks to JavaScript at each commit, which
// writes them to IndexedDB (web/src/engine/page_store.js). No Asyncify: SQLite never waits on
// IndexedDB; durability is tracked in JavaScript.
//
// Conventions:
// - A file is an array of LOUDOU_VFS_CHUNK-byte chunks (SQLite's default page size, so one chunk is
//   one page) plus a byte size. Chunks past the size are absent; gaps read as zeros.
// - The VFS declares SQLITE_IOCAP_BATCH_ATOMIC, so SQLite writes a transaction's pages inside
//   BEGIN/COMMIT_ATOMIC_WRITE and keeps the rollback journal in memory; a rolled-back batch
//   restores the old chunks and size.
// - Commit point: when a connection drops its lock below RESERVED (the write transaction is over,
//   committed or rolled back), a persistent file with dirty chunks calls Module.onCommit(name,
//   size, pages) where pages is a Map chunkIndex -> ArrayBuffer copied out of the heap at once.
// - Names cross as NUL-terminated UTF-8 owned by the caller. Single-threaded (the worker).
#pragma once

#include <stdint.h>

#define LOUDOU_VFS_NAME "loudou-mem"
#define LOUDOU_VFS_CHUNK 4096

#ifdef __cplusplus
extern "C" {
#endif

// Registers the VFS with SQLite as the default one (there is no file system in the module), so
// sqlite3_randomness() uses it too. Idempotent. Returns an SQLite result code.
int loudou_vfs_register(void);

// Creates or empties the file `name` with `size` bytes of zeros. `persistent` files report their
// commits to JavaScript. Returns 0, or an SQLite error code (SQLITE_BUSY if the file is open).
int loudou_vfs_file_reset(const char* name, double size, int persistent);
// A pointer to chunk `index` of `name` (allocated and zeroed if needed) for JavaScript to fill on
// load or read on export; NULL if the file does not exist or memory ran out.
uint8_t* loudou_vfs_file_chunk(const char* name, uint32_t index);
// The size of `name` in bytes, or -1 if it does not exist.
double loudou_vfs_file_size(const char* name);
// Swaps the contents of two closed files (each keeps its name and persistence flag); a persistent
// one then reports all its chunks to JavaScript as one commit. Import uses it to put a validated
// database in place and, if the engine refuses it, to put the old one back.
int loudou_vfs_file_swap(const char* a, const char* b);
// Deletes `name` if no connection has it open.
int loudou_vfs_file_delete(const char* name);

#ifdef __cplusplus
}
#endif
