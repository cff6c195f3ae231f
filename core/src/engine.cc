#include "loudou/engine.h"

#include "registry.h"
#include "request_json.h"
#include "schema.h"
#include "wire.h"

namespace loudou {

struct Engine::Impl {
  std::unique_ptr<Db> db;
  Registry registry;
  IdMaker ids;
  EngineOptions options;

  int64_t now() const {
    if (options.now_ms) return options.now_ms();
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  Result<json> run(const json& request, int64_t now_ms, bool in_batch);
  Result<json> run_batch(const json& args, int64_t now_ms);
};

namespace {

json error_json(const Status& st) {
  json e = {{"code", code_name(st.code())}, {"message", st.message()}};
  if (!st.field().empty()) e["field"] = st.field();
  if (st.code() == ErrorCode::stage_requirements) e["fields"] = st.fields();
  if (!st.details().empty()) {
    json extra = json::parse(st.details(), nullptr, false);
    if (extra.is_object())
      for (auto it = extra.begin(); it != extra.end(); ++it)
        if (!e.contains(it.key())) e[it.key()] = it.value();
  }
  return e;
}

// Requests nest a few levels (batch > request > args > stages > list); anything deeper is refused
// before it is walked, because copying or printing JSON recurses once per level and a hostile
// request could exhaust the stack (small in wasm).
constexpr int kMaxDepth = 64;

bool too_deep(std::string_view text) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

bool too_deep(const json& j) {
  std::vector<std::pair<const json*, int>> todo{{&j, 1}};
  while (!todo.empty()) {
    auto [v, depth] = todo.back();
    todo.pop_back();
    if (!v->is_structured()) continue;
    if (depth > kMaxDepth) return true;
    for (const auto& child : *v) todo.emplace_back(&child, depth + 1);
  }
  return false;
}

const char* kTooDeep = "the request nests deeper than 64 levels";

json respond(const Result<json>& r) {
  if (r.ok()) return {{"ok", true}, {"result", r.value()}};
  return {{"ok", false}, {"error", error_json(r.status())}};
}

}  // namespace

Result<json> Engine::Impl::run(const json& request, int64_t now_ms, bool in_batch) {
  if (!request.is_object()) return bad_request("a request must be an object {op, args}");
  for (auto it = request.begin(); it != request.end(); ++it)
    if (it.key() != "op" && it.key() != "args" && it.key() != "id")
      return bad_request("unknown request key \"" + it.key() + "\"", it.key());
  auto op_it = request.find("op");
  if (op_it == request.end() || !op_it->is_string()) return bad_request("op must be a string", "op");
  const std::string op = op_it->get<std::string>();
  json args = json::object();
  if (auto a = request.find("args"); a != request.end() && !a->is_null()) {
    if (!a->is_object()) return bad_request("args must be an object", "args");
    args = *a;
  }
  if (op == "batch") {
    if (in_batch) return bad_request("a batch cannot contain another batch", "op");
    return run_batch(args, now_ms);
  }
  const Registry::Op* spec = registry.find(op);
  if (!spec) return bad_request("unknown op \"" + op + "\"", "op");
  Context ctx{*db, ids, now_ms};
  if (spec->access == Access::read) return spec->handler(ctx, args);
  Transaction tx(*db);
  LOUDOU_TRY(tx.begin_status());
  auto result = spec->handler(ctx, args);
  if (!result.ok()) return result;  // tx rolls back
  LOUDOU_TRY(tx.commit());
  return result;
}

Result<json> Engine::Impl::run_batch(const json& args, int64_t now_ms) {
  for (auto it = args.begin(); it != args.end(); ++it)
    if (it.key() != "requests") return bad_request("unknown field \"" + it.key() + "\"", it.key());
  auto reqs = args.find("requests");
  if (reqs == args.end() || !reqs->is_array())
    return bad_request("requests must be a list of {op, args}", "requests");
  if (reqs->size() > 100'000) return invalid("requests", "a batch holds at most 100,000 requests");
  Transaction tx(*db);
  LOUDOU_TRY(tx.begin_status());
  json results = json::array();
  for (size_t i = 0; i < reqs->size(); ++i) {
    auto r = run((*reqs)[i], now_ms, true);
    if (!r.ok()) {
      Status st = r.status();
      Status out(st.code(), "request " + std::to_string(i) + " (" +
                                ((*reqs)[i].is_object() && (*reqs)[i].contains("op") &&
                                         (*reqs)[i]["op"].is_string()
                                     ? (*reqs)[i]["op"].get<std::string>()
                                     : std::string("?")) +
                                "): " + st.message() + "; nothing in the batch was saved",
                 st.field());
      out.with_fields(st.fields());
      return out;
    }
    results.push_back(std::move(r).value());
  }
  LOUDOU_TRY(tx.commit());
  return json{{"results", std::move(results)}};
}

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

int Engine::schema_version() { return latest_schema_version(); }

bool Engine::has_op(const std::string& op) const {
  return op == "batch" || impl_->registry.find(op) != nullptr;
}

Result<std::unique_ptr<Engine>> Engine::open(const std::string& path, EngineOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  LOUDOU_ASSIGN_OR_RETURN(impl->db, Db::open(path, impl->options.vfs));
  LOUDOU_TRY(migrate(*impl->db));
  LOUDOU_TRY(register_catalog(impl->registry));
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

json Engine::call(const json& request) {
  try {
    if (too_deep(request)) return respond(bad_request(kTooDeep));
    json out = respond(impl_->run(request, impl_->now(), false));
    // A batch failure names the request that failed.
    return out;
  } catch (const std::exception& e) {
    return respond(Status(ErrorCode::internal, std::string("unexpected failure: ") + e.what()));
  } catch (...) {
    return respond(Status(ErrorCode::internal, "unexpected failure"));
  }
}

std::string Engine::call(std::string_view request_json) {
  try {
    if (too_deep(request_json)) return wire::dump(respond(bad_request(kTooDeep)));
    json request = parse_request(request_json);
    if (request.is_discarded())
      return wire::dump(respond(bad_request("the request is not valid JSON")));
    return wire::dump(call(request));
  } catch (...) {
    return R"({"ok":false,"error":{"code":"internal","message":"unexpected failure"}})";
  }
}

}  // namespace loudou
