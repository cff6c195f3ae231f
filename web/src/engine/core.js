// The wasm core behind its C ABI (wasm/loudou_wasm.h), for the worker and for node tests.
// Knows nothing of IndexedDB or workers: files go in and out as chunk maps and byte arrays.
export const VFS = 'loudou-mem';
export const CHUNK = 4096;
const IMPORT_FILE = '~import';
const LONG_STRING = 64 * 1024;  // characters; shorter strings are cheaper through Emscripten's copy
const encoder = new TextEncoder();

/** The pages of a file's bytes as load() takes them: [index, Uint8Array view of CHUNK bytes]. */
export function* chunksOf(bytes) {
  for (let off = 0, i = 0; off < bytes.length; off += CHUNK, i++) yield [i, bytes.subarray(off, off + CHUNK)];
}

/**
 * Loads the Emscripten module. In a browser `moduleUrl` is enough (the glue fetches loudou.wasm
 * beside it); node passes `wasmBinary` (the web build does not fetch files in node).
 * `onCommit(name, size, pages)` receives each committed write of a persistent file.
 */
export async function loadCore({ moduleUrl, wasmBinary, onCommit }) {
  const { default: createLoudouModule } = await import(/* @vite-ignore */ moduleUrl);
  const config = { onCommit: (name, size, pages) => onCommit?.(name, size, pages) };
  if (wasmBinary) config.wasmBinary = wasmBinary;
  return new Core(await createLoudouModule(config));
}

export class Core {
  #m;
  #ops = new Map();  // op -> whether this module answers it (hasOp)
  constructor(module) {
    this.#m = module;
  }

  // Runs fn with the strings copied into the heap as C strings, freeing them after. Long ones (an
  // import's CSV, a backup to restore: megabytes) go through the browser's native TextEncoder;
  // Emscripten's stringToUTF8 is a JavaScript loop over every character (~70 ms per 10 MB request).
  #withStrings(strings, fn) {
    const m = this.#m;
    const ptrs = [];
    try {
      for (const s of strings) {
        const bytes = s.length >= LONG_STRING ? encoder.encode(s) : null;
        const n = bytes ? bytes.length + 1 : m.lengthBytesUTF8(s) + 1;
        const p = m._malloc(n);
        if (!p) throw Object.assign(new Error('out of memory for the request'), { code: 'storage' });
        ptrs.push(p);
        if (bytes) {
          m.HEAPU8.set(bytes, p);  // HEAPU8 read after the malloc: memory may have grown
          m.HEAPU8[p + bytes.length] = 0;
        } else {
          m.stringToUTF8(s, p, n);
        }
      }
      return fn(...ptrs);
    } finally {
      for (const p of ptrs) m._free(p);
    }
  }

  // Copies out a string the module returned and frees it (the ABI's ownership rule).
  #take(ptr) {
    const s = this.#m.UTF8ToString(ptr);
    this.#m._loudou_free(ptr);
    return s;
  }

  /** Opens `name` (a loudou-mem file, created empty if absent); the response object. */
  open(name) {
    return JSON.parse(this.#withStrings([name, VFS], (n, v) => this.#take(this.#m._loudou_open(n, v))));
  }

  /** One command-API request as JSON text; the response as JSON text. */
  call(requestText) {
    return this.#withStrings([requestText], (r) => this.#take(this.#m._loudou_call(r)));
  }

  /** PRAGMA integrity_check and the Loudou schema of the file `name`; the response object. */
  check(name) {
    return JSON.parse(this.#withStrings([name], (n) => this.#take(this.#m._loudou_check(n))));
  }

  close() {
    this.#m._loudou_close();
  }

  /** Whether the open engine answers `op` (the small modules carry only some ops; see worker.js).
   *  Ask with the engine open. Asked before every request, so each answer is kept: a module's
   *  catalog never changes. */
  hasOp(op) {
    let has = this.#ops.get(op);
    if (has === undefined) {
      has = this.#withStrings([String(op)], (o) => this.#m._loudou_has_op(o) === 1);
      this.#ops.set(op, has);
    }
    return has;
  }

  /** Fills the persistent file `name` from stored chunks (Map or iterable of [index, ArrayBuffer]). */
  load(name, size, pages) {
    this.#fill(name, size, pages, 1);
  }

  #fill(name, size, pages, persistent) {
    const m = this.#m;
    this.#withStrings([name], (n) => {
      const rc = m._loudou_vfs_file_reset(n, size, persistent);
      if (rc !== 0) throw Object.assign(new Error(`cannot prepare the database file (SQLite ${rc})`), { code: 'storage' });
      for (const [index, buf] of pages) {
        const ptr = m._loudou_vfs_file_chunk(n, index);
        if (!ptr) throw Object.assign(new Error('out of memory while loading the database'), { code: 'storage' });
        const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
        m.HEAPU8.set(bytes.subarray(0, CHUNK), ptr);  // HEAPU8 read after the allocation: it may have grown
      }
    });
  }

  /** The raw SQLite file `name` as bytes (as committed: there is no open transaction between calls). */
  bytes(name) {
    const m = this.#m;
    return this.#withStrings([name], (n) => {
      const size = m._loudou_vfs_file_size(n);
      if (size < 0) throw Object.assign(new Error('no such database'), { code: 'not_found' });
      const out = new Uint8Array(size);
      for (let off = 0; off < size; off += CHUNK) {
        const ptr = m._loudou_vfs_file_chunk(n, off / CHUNK);
        out.set(m.HEAPU8.subarray(ptr, ptr + Math.min(CHUNK, size - off)), off);
      }
      return out;
    });
  }

  /** The size in bytes of the file `name` (-1 when there is none). */
  size(name) {
    return this.#withStrings([name], (n) => this.#m._loudou_vfs_file_size(n));
  }

  /** A copy of `count` pages of the file `name` from page `first` (an ArrayBuffer). */
  readPages(name, first, count) {
    const m = this.#m;
    return this.#withStrings([name], (n) => {
      const out = new Uint8Array(count * CHUNK);
      for (let i = 0; i < count; i++) {
        const ptr = m._loudou_vfs_file_chunk(n, first + i);
        if (!ptr) throw Object.assign(new Error('out of memory while saving the database'), { code: 'storage' });
        out.set(m.HEAPU8.subarray(ptr, ptr + CHUNK), i * CHUNK);  // HEAPU8 read after the call: it may have grown
      }
      return out.buffer;
    });
  }

  /** Replaces the open database by `bytes` once they pass the checks; the response object. */
  importBytes(bytes) {
    this.#fill(IMPORT_FILE, bytes.length, chunksOf(bytes), 0);
    return JSON.parse(this.#withStrings([IMPORT_FILE], (n) => this.#take(this.#m._loudou_import(n))));
  }
}
