// The Loudou engine: one SQLite database and the command API over it.
//
// Every caller (the wasm worker, the CLI, the tests, the embed API) speaks JSON through call():
//   {"op": "deal.move", "args": {...}}  ->  {"ok": true, "result": ...}
//                                       or  {"ok": false, "error": {"code", "message", "field"?}}
// call() never throws and never aborts on bad input: every failure comes back as an error object.
// Each write op runs in one SQLite transaction; `batch` runs many in one, all or none.
//
// Threading: an Engine is used from one thread at a time (the worker, or the CLI's main thread).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "loudou/status.h"

namespace loudou {

struct EngineOptions {
  // The SQLite VFS to open the file with; empty means SQLite's default (native files). The wasm
  // build registers its IndexedDB-backed VFS and passes its name here.
  std::string vfs;
  // The clock for `at`/`now` defaults, in milliseconds since the Unix epoch. Tests pin it.
  std::function<int64_t()> now_ms;
};

class Engine {
 public:
  // Opens (creating if needed) the database at `path` and brings its schema up to date.
  // ":memory:" gives a private in-memory database.
  static Result<std::unique_ptr<Engine>> open(const std::string& path, EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // One command in, one response out, both JSON text. Never throws.
  std::string call(std::string_view request_json);
  // The same, on parsed JSON (the CLI and tests use it to avoid a round trip through text).
  nlohmann::json call(const nlohmann::json& request);

  // Whether this build answers `op` (the small wasm modules register only some ops; their worker
  // swaps in the full module before running any other).
  bool has_op(const std::string& op) const;

  // The schema version this build writes.
  static int schema_version();

  struct Impl;

 private:
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace loudou
