// The peer for tools/bench persist: an empty Emscripten program linked with IDBFS, so the bench
// can persist the same database file the way Emscripten's file system does (FS.syncfs rewrites
// every changed file whole into IndexedDB).
int main(void) { return 0; }
