// The in-memory SQLite VFS whose commits JavaScript persists to IndexedDB. Contract: idb_vfs.h.
#include "idb_vfs.h"

#include <emscripten.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>  // getentropy

#include "sqlite3.h"

#define CHUNK LOUDOU_VFS_CHUNK
#define FLAG_DIRTY 1   // written since the last report to JavaScript
#define FLAG_SAVED 2   // its pre-batch content is in the undo log

// Hands one commit to JavaScript: copies every dirty chunk out of the heap at once (the heap may
// grow, and so move, before JavaScript gets to write them).
EM_JS(void, loudou_js_commit,
      (const char* name, double size, int n, const uint32_t* idx, uint8_t* const* ptrs), {
  var pages = new Map();
  for (var i = 0; i < n; i++) {
    var p = HEAPU32[(ptrs >>> 2) + i];
    pages.set(HEAPU32[(idx >>> 2) + i], HEAPU8.slice(p, p + 4096).buffer);
  }
  if (Module["onCommit"]) Module["onCommit"](UTF8ToString(name), size, pages);
});

typedef struct {
  uint32_t index;
  uint8_t* old;  // NULL: the chunk did not exist before the batch
} Undo;

typedef struct MemFile {
  struct MemFile* next;
  char* name;  // NULL for an anonymous temporary file
  int persistent;
  int opens;
  int unlinked;  // deleted while open: freed at the last close
  uint8_t** chunks;
  uint8_t* flags;
  uint32_t slots;  // capacity of chunks and flags
  sqlite3_int64 size;
  uint32_t* dirty;
  uint32_t ndirty, dirty_cap;
  int in_batch;
  sqlite3_int64 batch_size;
  Undo* undo;
  uint32_t nundo, undo_cap;
} MemFile;

typedef struct {
  sqlite3_file base;
  MemFile* f;
  int lock;
  int delete_on_close;
} MemHandle;

static MemFile* g_files;

static MemFile* find_file(const char* name) {
  for (MemFile* f = g_files; f; f = f->next)
    if (f->name && strcmp(f->name, name) == 0) return f;
  return NULL;
}

static void unlink_file(MemFile* f) {
  for (MemFile** p = &g_files; *p; p = &(*p)->next)
    if (*p == f) { *p = f->next; return; }
}

static void free_chunks(MemFile* f) {
  for (uint32_t i = 0; i < f->slots; i++) free(f->chunks[i]);
  free(f->chunks);
  free(f->flags);
  for (uint32_t i = 0; i < f->nundo; i++) free(f->undo[i].old);
  free(f->undo);
  free(f->dirty);
  f->chunks = NULL; f->flags = NULL; f->slots = 0; f->size = 0;
  f->dirty = NULL; f->ndirty = f->dirty_cap = 0;
  f->undo = NULL; f->nundo = f->undo_cap = 0; f->in_batch = 0;
}

static void free_file(MemFile* f) {
  free_chunks(f);
  free(f->name);
  free(f);
}

static MemFile* new_file(const char* name, int persistent) {
  MemFile* f = calloc(1, sizeof(MemFile));
  if (!f) return NULL;
  if (name) {
    f->name = strdup(name);
    if (!f->name) { free(f); return NULL; }
    f->next = g_files;
    g_files = f;
  }
  f->persistent = persistent;
  return f;
}

static int ensure_slots(MemFile* f, uint32_t n) {
  if (n <= f->slots) return SQLITE_OK;
  uint32_t cap = f->slots ? f->slots : 16;
  while (cap < n) cap *= 2;
  uint8_t** chunks = realloc(f->chunks, cap * sizeof(uint8_t*));
  if (!chunks) return SQLITE_NOMEM;
  f->chunks = chunks;
  uint8_t* flags = realloc(f->flags, cap);
  if (!flags) return SQLITE_NOMEM;
  f->flags = flags;
  memset(f->chunks + f->slots, 0, (cap - f->slots) * sizeof(uint8_t*));
  memset(f->flags + f->slots, 0, cap - f->slots);
  f->slots = cap;
  return SQLITE_OK;
}

static int mark_dirty(MemFile* f, uint32_t i) {
  if (f->flags[i] & FLAG_DIRTY) return SQLITE_OK;
  if (f->ndirty == f->dirty_cap) {
    uint32_t cap = f->dirty_cap ? f->dirty_cap * 2 : 64;
    uint32_t* d = realloc(f->dirty, cap * sizeof(uint32_t));
    if (!d) return SQLITE_NOMEM;
    f->dirty = d;
    f->dirty_cap = cap;
  }
  f->dirty[f->ndirty++] = i;
  f->flags[i] |= FLAG_DIRTY;
  return SQLITE_OK;
}

// Inside an atomic batch, keeps a chunk's content from before the batch so a rollback can restore it.
static int save_undo(MemFile* f, uint32_t i) {
  if (!f->in_batch || (f->flags[i] & FLAG_SAVED)) return SQLITE_OK;
  if (f->nundo == f->undo_cap) {
    uint32_t cap = f->undo_cap ? f->undo_cap * 2 : 64;
    Undo* u = realloc(f->undo, cap * sizeof(Undo));
    if (!u) return SQLITE_NOMEM;
    f->undo = u;
    f->undo_cap = cap;
  }
  uint8_t* old = NULL;
  if (f->chunks[i]) {
    old = malloc(CHUNK);
    if (!old) return SQLITE_NOMEM;
    memcpy(old, f->chunks[i], CHUNK);
  }
  f->undo[f->nundo].index = i;
  f->undo[f->nundo].old = old;
  f->nundo++;
  f->flags[i] |= FLAG_SAVED;
  return SQLITE_OK;
}

static void end_batch(MemFile* f, int rollback) {
  for (uint32_t k = 0; k < f->nundo; k++) {
    Undo* u = &f->undo[k];
    f->flags[u->index] &= (uint8_t)~FLAG_SAVED;
    if (rollback) {
      free(f->chunks[u->index]);
      f->chunks[u->index] = u->old;  // still marked dirty: the restored content is reported
    } else {
      free(u->old);
    }
  }
  if (rollback) {
    // Chunks the batch created past the old end are gone with the size restored.
    for (uint32_t i = (uint32_t)((f->batch_size + CHUNK - 1) / CHUNK); i < f->slots; i++) {
      free(f->chunks[i]);
      f->chunks[i] = NULL;
    }
    f->size = f->batch_size;
  }
  f->nundo = 0;
  f->in_batch = 0;
}

static uint8_t* chunk_for_write(MemFile* f, uint32_t i) {
  if (ensure_slots(f, i + 1) != SQLITE_OK || save_undo(f, i) != SQLITE_OK) return NULL;
  if (!f->chunks[i]) f->chunks[i] = calloc(1, CHUNK);
  if (f->chunks[i] && mark_dirty(f, i) != SQLITE_OK) return NULL;
  return f->chunks[i];
}

static int file_write(MemFile* f, const void* buf, int amt, sqlite3_int64 off) {
  // A write past the end leaves a gap of zeros; those chunks are written too, so the stored copy
  // never keeps a stale page from before an earlier truncation.
  sqlite3_int64 from = f->size < off ? f->size : off;
  sqlite3_int64 end = off + amt;
  for (sqlite3_int64 i = from / CHUNK; i < (end + CHUNK - 1) / CHUNK; i++) {
    uint8_t* c = chunk_for_write(f, (uint32_t)i);
    if (!c) return SQLITE_IOERR_NOMEM;
    sqlite3_int64 lo = i * CHUNK, a = off > lo ? off : lo, b = end < lo + CHUNK ? end : lo + CHUNK;
    if (a < b) memcpy(c + (a - lo), (const uint8_t*)buf + (a - off), (size_t)(b - a));
  }
  if (end > f->size) f->size = end;
  return SQLITE_OK;
}

static int file_truncate(MemFile* f, sqlite3_int64 size) {
  if (size >= f->size) return SQLITE_OK;
  uint32_t keep = (uint32_t)((size + CHUNK - 1) / CHUNK);
  for (uint32_t i = keep; i < f->slots; i++) {
    if (!f->chunks[i]) continue;
    if (save_undo(f, i) != SQLITE_OK) return SQLITE_IOERR_NOMEM;
    free(f->chunks[i]);
    f->chunks[i] = NULL;
  }
  if (size % CHUNK && keep > 0) {
    uint8_t* c = chunk_for_write(f, keep - 1);
    if (!c) return SQLITE_IOERR_NOMEM;
    memset(c + size % CHUNK, 0, CHUNK - size % CHUNK);
  }
  f->size = size;
  return SQLITE_OK;
}

// The commit point: the file's content is a committed state; JavaScript gets what changed.
static void report_commit(MemFile* f) {
  if (!f->persistent || !f->name || f->ndirty == 0) return;
  uint32_t live = (uint32_t)((f->size + CHUNK - 1) / CHUNK);
  uint32_t* idx = malloc(f->ndirty * sizeof(uint32_t));
  uint8_t** ptrs = malloc(f->ndirty * sizeof(uint8_t*));
  int n = 0;
  if (idx && ptrs) {
    for (uint32_t k = 0; k < f->ndirty; k++) {
      uint32_t i = f->dirty[k];
      if (i >= live) continue;  // past the end: JavaScript deletes those pages by size
      if (!f->chunks[i]) f->chunks[i] = calloc(1, CHUNK);
      if (!f->chunks[i]) continue;
      idx[n] = i;
      ptrs[n] = f->chunks[i];
      n++;
    }
    loudou_js_commit(f->name, (double)f->size, n, idx, ptrs);
  }
  free(idx);
  free(ptrs);
  for (uint32_t k = 0; k < f->ndirty; k++) f->flags[f->dirty[k]] &= (uint8_t)~FLAG_DIRTY;
  f->ndirty = 0;
}

// --- sqlite3_io_methods ---

static int x_close(sqlite3_file* file) {
  MemHandle* h = (MemHandle*)file;
  MemFile* f = h->f;
  f->opens--;
  if (f->opens == 0 && (f->unlinked || !f->name || h->delete_on_close)) {
    if (!f->unlinked && f->name) unlink_file(f);
    free_file(f);
  }
  return SQLITE_OK;
}

static int x_read(sqlite3_file* file, void* buf, int amt, sqlite3_int64 off) {
  MemFile* f = ((MemHandle*)file)->f;
  sqlite3_int64 end = off + amt;
  for (sqlite3_int64 i = off / CHUNK; i < (end + CHUNK - 1) / CHUNK; i++) {
    sqlite3_int64 lo = i * CHUNK, a = off > lo ? off : lo, b = end < lo + CHUNK ? end : lo + CHUNK;
    uint8_t* c = (uint32_t)i < f->slots ? f->chunks[i] : NULL;
    if (c) memcpy((uint8_t*)buf + (a - off), c + (a - lo), (size_t)(b - a));
    else memset((uint8_t*)buf + (a - off), 0, (size_t)(b - a));
  }
  if (end > f->size) {
    sqlite3_int64 have = f->size > off ? f->size - off : 0;
    memset((uint8_t*)buf + have, 0, (size_t)(amt - have));
    return SQLITE_IOERR_SHORT_READ;
  }
  return SQLITE_OK;
}

static int x_write(sqlite3_file* file, const void* buf, int amt, sqlite3_int64 off) {
  return file_write(((MemHandle*)file)->f, buf, amt, off);
}

static int x_truncate(sqlite3_file* file, sqlite3_int64 size) {
  return file_truncate(((MemHandle*)file)->f, size);
}

static int x_sync(sqlite3_file* file, int flags) { return SQLITE_OK; }

static int x_file_size(sqlite3_file* file, sqlite3_int64* size) {
  *size = ((MemHandle*)file)->f->size;
  return SQLITE_OK;
}

static int x_lock(sqlite3_file* file, int level) {
  MemHandle* h = (MemHandle*)file;
  if (level > h->lock) h->lock = level;
  return SQLITE_OK;
}

static int x_unlock(sqlite3_file* file, int level) {
  MemHandle* h = (MemHandle*)file;
  if (h->lock >= SQLITE_LOCK_RESERVED && level < SQLITE_LOCK_RESERVED) report_commit(h->f);
  h->lock = level;
  return SQLITE_OK;
}

static int x_check_reserved(sqlite3_file* file, int* out) {
  *out = 0;
  return SQLITE_OK;
}

static int x_file_control(sqlite3_file* file, int op, void* arg) {
  MemFile* f = ((MemHandle*)file)->f;
  switch (op) {
    case SQLITE_FCNTL_BEGIN_ATOMIC_WRITE:
      f->in_batch = 1;
      f->batch_size = f->size;
      f->nundo = 0;
      return SQLITE_OK;
    case SQLITE_FCNTL_COMMIT_ATOMIC_WRITE:
      end_batch(f, 0);
      return SQLITE_OK;
    case SQLITE_FCNTL_ROLLBACK_ATOMIC_WRITE:
      end_batch(f, 1);
      return SQLITE_OK;
    default:
      return SQLITE_NOTFOUND;
  }
}

static int x_sector_size(sqlite3_file* file) { return CHUNK; }

static int x_device_characteristics(sqlite3_file* file) {
  return SQLITE_IOCAP_BATCH_ATOMIC | SQLITE_IOCAP_SAFE_APPEND | SQLITE_IOCAP_SEQUENTIAL |
         SQLITE_IOCAP_POWERSAFE_OVERWRITE | SQLITE_IOCAP_UNDELETABLE_WHEN_OPEN;
}

static const sqlite3_io_methods g_io = {
    1, x_close, x_read, x_write, x_truncate, x_sync, x_file_size, x_lock, x_unlock,
    x_check_reserved, x_file_control, x_sector_size, x_device_characteristics};

// --- sqlite3_vfs ---

static int v_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  MemHandle* h = (MemHandle*)file;
  memset(h, 0, sizeof(*h));
  MemFile* f = name ? find_file(name) : NULL;
  if (!f) {
    if (name && !(flags & SQLITE_OPEN_CREATE)) return SQLITE_CANTOPEN;
    f = new_file(name, 0);
    if (!f) return SQLITE_NOMEM;
  }
  f->opens++;
  h->f = f;
  h->delete_on_close = (flags & SQLITE_OPEN_DELETEONCLOSE) != 0;
  h->base.pMethods = &g_io;
  if (out_flags) *out_flags = flags;
  return SQLITE_OK;
}

static int v_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  MemFile* f = find_file(name);
  if (!f) return SQLITE_IOERR_DELETE_NOENT;
  unlink_file(f);
  if (f->opens == 0) free_file(f);
  else f->unlinked = 1;
  return SQLITE_OK;
}

static int v_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  *out = find_file(name) != NULL;
  return SQLITE_OK;
}

static int v_full_pathname(sqlite3_vfs* vfs, const char* name, int n, char* out) {
  sqlite3_snprintf(n, out, "%s", name);
  return SQLITE_OK;
}

// Randomness from crypto.getRandomValues (Emscripten's getentropy), time from Date (gettimeofday).
// This VFS is the default one in the module, so sqlite3_randomness() comes here too: the unix
// VFS would spin forever trying to open /dev/urandom in a build without a file system.
static int v_randomness(sqlite3_vfs* vfs, int n, char* out) {
  for (int off = 0; off < n; off += 256) getentropy(out + off, (size_t)(n - off < 256 ? n - off : 256));
  return n;
}
static int v_sleep(sqlite3_vfs* vfs, int us) { return us; }
static int v_current_time64(sqlite3_vfs* vfs, sqlite3_int64* t) {
  struct timeval tv;
  gettimeofday(&tv, NULL);
  *t = 210866760000000LL + (sqlite3_int64)tv.tv_sec * 1000 + tv.tv_usec / 1000;
  return SQLITE_OK;
}
static int v_current_time(sqlite3_vfs* vfs, double* t) {
  sqlite3_int64 ms;
  v_current_time64(vfs, &ms);
  *t = ms / 86400000.0;
  return SQLITE_OK;
}
static int v_last_error(sqlite3_vfs* vfs, int n, char* out) { return 0; }

static sqlite3_vfs g_vfs = {
    2, sizeof(MemHandle), 512, NULL, LOUDOU_VFS_NAME, NULL, v_open, v_delete, v_access,
    v_full_pathname, NULL, NULL, NULL, NULL, v_randomness, v_sleep, v_current_time, v_last_error,
    v_current_time64};

int loudou_vfs_register(void) {
  if (sqlite3_vfs_find(LOUDOU_VFS_NAME)) return SQLITE_OK;
  return sqlite3_vfs_register(&g_vfs, 1);
}

// --- the JavaScript side's file management ---

EMSCRIPTEN_KEEPALIVE int loudou_vfs_file_reset(const char* name, double size, int persistent) {
  MemFile* f = find_file(name);
  if (f && f->opens) return SQLITE_BUSY;
  if (!f) f = new_file(name, persistent);
  if (!f) return SQLITE_NOMEM;
  free_chunks(f);
  f->persistent = persistent;
  f->size = (sqlite3_int64)size;
  return ensure_slots(f, (uint32_t)((f->size + CHUNK - 1) / CHUNK));
}

EMSCRIPTEN_KEEPALIVE uint8_t* loudou_vfs_file_chunk(const char* name, uint32_t index) {
  MemFile* f = find_file(name);
  if (!f || ensure_slots(f, index + 1) != SQLITE_OK) return NULL;
  if (!f->chunks[index]) f->chunks[index] = calloc(1, CHUNK);
  return f->chunks[index];
}

EMSCRIPTEN_KEEPALIVE double loudou_vfs_file_size(const char* name) {
  MemFile* f = find_file(name);
  return f ? (double)f->size : -1;
}

static int report_all(MemFile* f) {
  for (uint32_t i = 0; i < f->slots; i++) f->flags[i] = 0;
  f->ndirty = 0;
  uint32_t live = (uint32_t)((f->size + CHUNK - 1) / CHUNK);
  for (uint32_t i = 0; i < live; i++)
    if (mark_dirty(f, i) != SQLITE_OK) return SQLITE_NOMEM;
  report_commit(f);
  return SQLITE_OK;
}

EMSCRIPTEN_KEEPALIVE int loudou_vfs_file_swap(const char* a, const char* b) {
  MemFile* x = find_file(a);
  MemFile* y = find_file(b);
  if (!x || !y || x == y) return SQLITE_NOTFOUND;
  if (x->opens || y->opens) return SQLITE_BUSY;
  MemFile t = *x;
  x->chunks = y->chunks; x->flags = y->flags; x->slots = y->slots; x->size = y->size;
  x->dirty = y->dirty; x->ndirty = y->ndirty; x->dirty_cap = y->dirty_cap;
  y->chunks = t.chunks; y->flags = t.flags; y->slots = t.slots; y->size = t.size;
  y->dirty = t.dirty; y->ndirty = t.ndirty; y->dirty_cap = t.dirty_cap;
  int rc = report_all(x);
  return rc != SQLITE_OK ? rc : report_all(y);
}

EMSCRIPTEN_KEEPALIVE int loudou_vfs_file_delete(const char* name) {
  MemFile* f = find_file(name);
  if (!f) return SQLITE_NOTFOUND;
  if (f->opens) return SQLITE_BUSY;
  unlink_file(f);
  free_file(f);
  return SQLITE_OK;
}
