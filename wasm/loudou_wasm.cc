#include "loudou_wasm.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include <sqlite3.h>

#include "loudou/engine.h"

namespace {

std::unique_ptr<loudou::Engine> g_engine;
std::string g_name;  // the open database's file name
std::string g_vfs;

char* copy_out(const std::string& s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p) std::memcpy(p, s.c_str(), s.size() + 1);
  return p;
}

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json error_json(const char* code, const std::string& message, const char* field = nullptr) {
  nlohmann::json e = {{"code", code}, {"message", message}};
  if (field) e["field"] = field;
  return {{"ok", false}, {"error", std::move(e)}};
}

nlohmann::json open_engine(const std::string& name, const std::string& vfs) {
  g_engine.reset();
  if (vfs == LOUDOU_VFS_NAME && loudou_vfs_register() != SQLITE_OK)
    return error_json("internal", "could not register the in-memory storage");
  loudou::EngineOptions options;
  options.vfs = vfs;
  auto engine = loudou::Engine::open(name.empty() ? ":memory:" : name, options);
  if (!engine.ok())
    return error_json(loudou::code_name(engine.status().code()), engine.status().message());
  g_engine = std::move(engine).value();
  g_name = name;
  g_vfs = vfs;
  return g_engine->call(nlohmann::json{{"op", "meta.info"}});
}

// A second, read-only connection: it sees the committed file, never the engine's open transaction
// (there is none between calls: the worker is single-threaded).
nlohmann::json check_file(const char* name) {
  if (loudou_vfs_register() != SQLITE_OK) return error_json("internal", "no storage");
  if (loudou_vfs_file_size(name) < 0) return error_json("not_found", "no such database", "file");
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(name, &db, SQLITE_OPEN_READONLY, LOUDOU_VFS_NAME);
  std::string integrity;
  int version = -1;
  if (rc == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr);
    while (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
      if (!integrity.empty()) integrity += "; ";
      integrity += reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    if (rc == SQLITE_OK) rc = sqlite3_finalize(st);
    if (rc == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", -1, &st,
                           nullptr) == SQLITE_OK) {
      if (sqlite3_step(st) == SQLITE_ROW) version = sqlite3_column_int(st, 0);
      sqlite3_finalize(st);
    }
  }
  std::string err = rc == SQLITE_OK ? "" : sqlite3_errstr(rc);
  sqlite3_close(db);
  if (!err.empty())
    return error_json("validation_failed", "this file is not a readable SQLite database: " + err,
                      "file");
  if (integrity != "ok")
    return error_json("validation_failed",
                      "the SQLite database is damaged (integrity check: " + integrity + ")", "file");
  if (version <= 0)
    return error_json("validation_failed", "this SQLite database is not a Loudou database", "file");
  return {{"ok", true}, {"result", {{"integrity", "ok"}, {"schema_version", version}}}};
}

nlohmann::json import_file(const char* scratch) {
  if (!g_engine || g_vfs != LOUDOU_VFS_NAME) return error_json("storage", "the database is not open");
  nlohmann::json checked = check_file(scratch);
  if (!checked["ok"].get<bool>()) {
    loudou_vfs_file_delete(scratch);
    return checked;
  }
  g_engine.reset();
  if (loudou_vfs_file_swap(g_name.c_str(), scratch) != SQLITE_OK) {
    loudou_vfs_file_delete(scratch);
    return open_engine(g_name, g_vfs);
  }
  nlohmann::json opened = open_engine(g_name, g_vfs);
  if (!opened["ok"].get<bool>()) {
    g_engine.reset();
    loudou_vfs_file_swap(g_name.c_str(), scratch);
    loudou_vfs_file_delete(scratch);
    nlohmann::json reopened = open_engine(g_name, g_vfs);
    if (!reopened["ok"].get<bool>()) return reopened;
    opened["error"]["field"] = "file";
    opened["error"]["code"] = "validation_failed";
    return opened;
  }
  loudou_vfs_file_delete(scratch);
  return opened;
}

char* guarded(nlohmann::json (*fn)(const char*), const char* arg) {
  try {
    return copy_out(dump(fn(arg)));
  } catch (...) {
    return copy_out(dump(error_json("internal", "unexpected failure in the storage layer")));
  }
}

}  // namespace

extern "C" {

char* loudou_open(const char* name, const char* vfs) {
  try {
    return copy_out(dump(open_engine(name ? name : "", vfs ? vfs : "")));
  } catch (...) {
    return copy_out(dump(error_json("internal", "could not open the database")));
  }
}

char* loudou_call(const char* request_json) {
  if (!g_engine) return copy_out(dump(error_json("storage", "the database is not open")));
  return copy_out(g_engine->call(std::string_view(request_json ? request_json : "")));
}

char* loudou_check(const char* name) { return guarded(check_file, name ? name : ""); }

char* loudou_import(const char* scratch) { return guarded(import_file, scratch ? scratch : ""); }

void loudou_close(void) { g_engine.reset(); }

int loudou_has_op(const char* op) {
  try {
    return g_engine && op && g_engine->has_op(op) ? 1 : 0;
  } catch (...) {
    return 0;
  }
}

void loudou_free(char* p) { std::free(p); }

}  // extern "C"
