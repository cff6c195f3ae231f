#include "loudou_wasm.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "loudou/engine.h"

namespace {

std::unique_ptr<loudou::Engine> g_engine;

char* copy_out(const std::string& s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p) std::memcpy(p, s.c_str(), s.size() + 1);
  return p;
}

std::string error_json(const char* code, const std::string& message) {
  nlohmann::json j = {{"ok", false}, {"error", {{"code", code}, {"message", message}}}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

extern "C" {

char* loudou_open(const char* name, const char* vfs) {
  try {
    g_engine.reset();
    loudou::EngineOptions options;
    if (vfs) options.vfs = vfs;
    auto engine = loudou::Engine::open(name && *name ? name : ":memory:", options);
    if (!engine.ok())
      return copy_out(error_json(loudou::code_name(engine.status().code()), engine.status().message()));
    g_engine = std::move(engine).value();
    return copy_out(g_engine->call(std::string_view(R"({"op":"meta.info"})")));
  } catch (...) {
    return copy_out(error_json("internal", "could not open the database"));
  }
}

char* loudou_call(const char* request_json) {
  if (!g_engine) return copy_out(error_json("storage", "the database is not open"));
  return copy_out(g_engine->call(std::string_view(request_json ? request_json : "")));
}

void loudou_close(void) { g_engine.reset(); }

void loudou_free(char* p) { std::free(p); }

}  // extern "C"
