// lead.settings.get / lead.settings.set: the manager's scoring, assignment and pool settings.
// set replaces each section it is given; changing scoring rescores every lead in the same
// transaction, so no lead ever shows a score from old weights.
#include "common_args.h"
#include "lead_settings.h"
#include "lead_store.h"
#include "registry.h"

namespace loudou {
namespace {

struct SettingsSet {
  std::optional<ScoringSettings> scoring;
  std::optional<AssignmentSettings> assignment;
  std::optional<PoolSettings> pool;
};
BOOST_DESCRIBE_STRUCT(SettingsSet, (), (scoring, assignment, pool))

Status rescore_all(Db& db, const ScoringSettings& scoring) {
  std::vector<std::string> ids;
  auto q = db.query("SELECT id FROM lead ORDER BY id");
  while (q.next()) ids.push_back(q.text(0));
  LOUDOU_TRY(q.status());
  for (const auto& id : ids) {
    LOUDOU_ASSIGN_OR_RETURN(auto l, load_lead(db, id));
    LOUDOU_ASSIGN_OR_RETURN(auto t, load_lead_times(db, id));
    LOUDOU_TRY(save_lead(db, l, t, scoring, false));  // keeps updated_at: a rescore is not an edit
  }
  return Status::Ok();
}

Result<json> settings_get(Context& ctx, const NoArgs&) {
  LOUDOU_ASSIGN_OR_RETURN(auto s, load_lead_settings(ctx.db));
  return wire::write(s);
}

Result<json> settings_set(Context& ctx, const SettingsSet& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto s, load_lead_settings(ctx.db));
  if (a.scoring) s.scoring = *a.scoring;
  if (a.assignment) s.assignment = *a.assignment;
  if (a.pool) s.pool = *a.pool;
  LOUDOU_TRY(check_lead_settings(ctx.db, s));
  LOUDOU_TRY(save_lead_settings(ctx.db, s));
  if (a.scoring) LOUDOU_TRY(rescore_all(ctx.db, s.scoring));
  return wire::write(s);
}

}  // namespace

Status register_lead_settings_ops(Registry& r) {
  LOUDOU_TRY(r.add("lead.settings.get", Access::read, &settings_get));
  LOUDOU_TRY(r.add("lead.settings.set", Access::write, &settings_set));
  return Status::Ok();
}

}  // namespace loudou
