// The op registry: every command is a named handler registered by its domain file
// (pipeline_ops.cc, deal_ops.cc, ...). A duplicate name fails at start-up. A handler receives its
// args already parsed into its described request type, and returns a JSON result or a Status.
#pragma once

#include <map>
#include <string>

#include "db.h"
#include "ids.h"
#include "loudou/status.h"
#include "wire.h"

namespace loudou {

using json = nlohmann::json;

// What a handler may use: the database, the clock, the id maker.
struct Context {
  Db& db;
  IdMaker& ids;
  int64_t now_ms;  // the engine's clock at the start of this call
  // `at` if the caller gave one, else now.
  int64_t at(const std::optional<wire::Instant>& at) const { return at ? at->ms : now_ms; }
  std::string new_id() { return ids.next(now_ms); }
};

enum class Access { read, write };

class Registry {
 public:
  // A handler is a plain function pointer and the thunk that parses args for it: no
  // std::function, whose per-op classes, vtables and type names cost ~80 KB of wasm.
  using RawFn = Result<json> (*)(Context&, const json& args);
  class Handler {
   public:
    using Erased = void (*)();
    using Thunk = Result<json> (*)(Erased fn, Context&, const json& args);
    Handler(Thunk thunk, Erased fn) : thunk_(thunk), fn_(fn) {}
    Result<json> operator()(Context& ctx, const json& args) const { return thunk_(fn_, ctx, args); }

   private:
    Thunk thunk_;
    Erased fn_;
  };
  struct Op {
    Handler handler;
    Access access;
  };

  // Registers an op whose args parse into Args. Fails (at start-up) on a duplicate name.
  template <class Args>
  Status add(const std::string& name, Access access, Result<json> (*fn)(Context&, const Args&)) {
    return add_op(name, access, Handler(&parse_then_call<Args>, reinterpret_cast<Handler::Erased>(fn)));
  }
  // Registers an op that reads its JSON args itself (partial updates that must tell absent from null).
  Status add_raw(const std::string& name, Access access, RawFn fn) {
    return add_op(name, access, Handler(&call_raw, reinterpret_cast<Handler::Erased>(fn)));
  }
  const Op* find(const std::string& name) const;
  const std::map<std::string, Op>& ops() const { return ops_; }

 private:
  template <class Args>
  static Result<json> parse_then_call(Handler::Erased fn, Context& ctx, const json& args) {
    auto parsed = wire::parse<Args>(args);
    if (!parsed.ok()) return parsed.status();
    return reinterpret_cast<Result<json> (*)(Context&, const Args&)>(fn)(ctx, parsed.value());
  }
  static Result<json> call_raw(Handler::Erased fn, Context& ctx, const json& args);
  Status add_op(const std::string& name, Access access, Handler handler);

 private:
  std::map<std::string, Op> ops_;
};

// Registers the ops this build answers: every op (op_catalog.cc), or the subset of a smaller wasm
// module (wasm/catalog_*.cc, linked ahead of the library so it wins).
Status register_catalog(Registry& r);
// The groups the catalogs are made of (op_groups.cc): the board's ops (meta, pipelines, users,
// fields, deals, settings), and the everyday ones (the board's plus leads, follow-ups, alerts and
// playbooks).
Status register_board_ops(Registry& r);
Status register_everyday_ops(Registry& r);

// Each domain registers its ops here (one function per *_ops.cc file).
Status register_meta_ops(Registry& r);
Status register_pipeline_ops(Registry& r);
Status register_user_ops(Registry& r);
Status register_field_ops(Registry& r);
Status register_deal_ops(Registry& r);
Status register_model_ops(Registry& r);
Status register_report_ops(Registry& r);
Status register_sample_ops(Registry& r);
Status register_setting_ops(Registry& r);
Status register_data_ops(Registry& r);
// Leads, follow-ups, alerts and stage playbooks (lead_*.cc, activity_ops.cc, alert_ops.cc, playbook_ops.cc).
Status register_lead_ops(Registry& r);
Status register_lead_convert_ops(Registry& r);
Status register_lead_pool_ops(Registry& r);
Status register_lead_settings_ops(Registry& r);
Status register_activity_ops(Registry& r);
Status register_alert_ops(Registry& r);
Status register_playbook_ops(Registry& r);

}  // namespace loudou
