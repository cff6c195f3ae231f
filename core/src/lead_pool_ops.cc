// Who works which lead: lead.assign (by rule), lead.claim / lead.release (the shared pool, 公海),
// pool.recycle (idle leads back to the pool as of a date) and owner.transfer (a leaving rep's
// open leads, deals and follow-ups handed to another; deals keep their stage).
#include "lead_assignment.h"
#include "lead_pool.h"
#include "lead_store.h"
#include "registry.h"
#include "store.h"

namespace loudou {
namespace {

struct LeadAssign {
  std::string rule;
  std::optional<std::vector<wire::Id>> ids;
  std::optional<std::vector<wire::Id>> user_ids;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(LeadAssign, (), (rule, ids, user_ids, at))

struct LeadClaim {
  wire::Id id;
  wire::Id user_id;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(LeadClaim, (), (id, user_id, at))

struct LeadRelease {
  wire::Id id;
  std::optional<wire::Line> reason;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(LeadRelease, (), (id, reason, at))

struct PoolRecycle {
  std::optional<wire::Instant> now;
};
BOOST_DESCRIBE_STRUCT(PoolRecycle, (), (now))

struct OwnerTransfer {
  wire::Id from_user_id;
  wire::Id to_user_id;
  std::optional<bool> leads;  // default true
  std::optional<bool> deals;  // default true
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(OwnerTransfer, (), (from_user_id, to_user_id, leads, deals, at))

Result<json> lead_assign(Context& ctx, const LeadAssign& a) {
  if (!is_assignment_rule(a.rule))
    return invalid("rule", "rule must be round_robin, by_source, by_industry or least_loaded");
  LOUDOU_ASSIGN_OR_RETURN(auto settings, load_lead_settings(ctx.db));
  std::vector<std::string> users;
  if (a.user_ids) {
    if (a.user_ids->empty()) return invalid("user_ids", "name at least one rep, or leave user_ids out for all");
    for (size_t i = 0; i < a.user_ids->size(); ++i) {
      LOUDOU_TRY(require_exists(ctx.db, "user", (*a.user_ids)[i].v, "user_ids[" + std::to_string(i) + "]", "user"));
      users.push_back((*a.user_ids)[i].v);
    }
  }
  std::vector<std::string> leads;
  if (a.ids) {
    for (size_t i = 0; i < a.ids->size(); ++i) {
      std::string field = "ids[" + std::to_string(i) + "]";
      LOUDOU_ASSIGN_OR_RETURN(auto l, load_lead(ctx.db, (*a.ids)[i].v, field));
      if (!is_open_lead_status(l.status)) return conflict("lead " + l.id + " is " + l.status + " and cannot be assigned", field);
      leads.push_back(l.id);
    }
  } else {
    auto q = ctx.db.query("SELECT id FROM lead WHERE owner_id IS NULL AND status IN ('new', 'contacted', 'qualified') "
                          "ORDER BY created_at, id");
    while (q.next()) leads.push_back(q.text(0));
    LOUDOU_TRY(q.status());
  }
  LOUDOU_ASSIGN_OR_RETURN(auto r, assign_leads(ctx.db, leads, a.rule, users, settings, ctx.at(a.at)));
  return json{{"assignments", r.assignments}, {"unassigned", r.unassigned}};
}

Result<json> lead_claim(Context& ctx, const LeadClaim& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto settings, load_lead_settings(ctx.db));
  LOUDOU_TRY(require_exists(ctx.db, "lead", a.id.v, "id", "lead"));
  LOUDOU_TRY(require_exists(ctx.db, "user", a.user_id.v, "user_id", "user"));
  int64_t at = ctx.at(a.at);
  LOUDOU_ASSIGN_OR_RETURN(auto recycled, recycle_idle_leads(ctx.db, settings.pool, at, a.id.v));
  LOUDOU_ASSIGN_OR_RETURN(auto l, load_lead(ctx.db, a.id.v));
  if (!is_open_lead_status(l.status)) return conflict("the lead is " + l.status + "; only open leads can be claimed", "id");
  if (l.owner_id) return conflict("the lead belongs to a rep (" + *l.owner_id + "); only pool leads can be claimed", "id");
  LOUDOU_TRY(check_claim_limit(ctx.db, settings.pool, a.user_id.v, at));
  if (settings.assignment.capacity) {
    LOUDOU_ASSIGN_OR_RETURN(auto load, open_load(ctx.db, a.user_id.v));
    if (load >= settings.assignment.capacity->v)
      return conflict("this rep already has " + std::to_string(load) + " open leads and deals, the capacity", "user_id");
  }
  LOUDOU_TRY(set_lead_owner(ctx.db, l.id, a.user_id.v, "claim", at));
  LOUDOU_ASSIGN_OR_RETURN(auto saved, load_lead(ctx.db, l.id));
  return wire::write(saved);
}

Result<json> lead_release(Context& ctx, const LeadRelease& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto l, load_lead(ctx.db, a.id.v));
  if (!l.owner_id) return conflict("the lead is already in the pool", "id");
  if (!is_open_lead_status(l.status)) return conflict("the lead is " + l.status + " and stays with its owner", "id");
  LOUDOU_TRY(set_lead_owner(ctx.db, l.id, std::nullopt, "release", ctx.at(a.at)));
  LOUDOU_ASSIGN_OR_RETURN(auto saved, load_lead(ctx.db, l.id));
  return wire::write(saved);
}

Result<json> pool_recycle(Context& ctx, const PoolRecycle& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto settings, load_lead_settings(ctx.db));
  LOUDOU_ASSIGN_OR_RETURN(auto recycled, recycle_idle_leads(ctx.db, settings.pool, a.now ? a.now->ms : ctx.now_ms));
  return json{{"recycled", std::move(recycled)}};
}

Result<json> owner_transfer(Context& ctx, const OwnerTransfer& a) {
  LOUDOU_TRY(require_exists(ctx.db, "user", a.from_user_id.v, "from_user_id", "user"));
  LOUDOU_TRY(require_exists(ctx.db, "user", a.to_user_id.v, "to_user_id", "user"));
  if (a.from_user_id.v == a.to_user_id.v) return invalid("to_user_id", "hand the work to a different rep");
  int64_t at = ctx.at(a.at);
  int64_t leads = 0, deals = 0, activities = 0;
  if (a.leads.value_or(true)) {
    std::vector<std::string> ids;
    auto q = ctx.db.query("SELECT id FROM lead WHERE owner_id = ? AND status IN ('new', 'contacted', 'qualified') "
                          "ORDER BY created_at, id",
                          a.from_user_id.v);
    while (q.next()) ids.push_back(q.text(0));
    LOUDOU_TRY(q.status());
    for (const auto& id : ids) LOUDOU_TRY(set_lead_owner(ctx.db, id, a.to_user_id.v, "transfer", at));
    leads = int64_t(ids.size());
  }
  if (a.deals.value_or(true)) {
    // Only the owner changes: stage, stage_entered_at and the stage history stay as they are.
    LOUDOU_TRY(ctx.db.query("UPDATE deal SET owner_id = ?, updated_at = ? WHERE owner_id = ? AND status = 'open'",
                            a.to_user_id.v, at, a.from_user_id.v)
                   .run());
    deals = ctx.db.changes();
  }
  // The open follow-ups go with the work they belong to.
  LOUDOU_TRY(ctx.db
                 .query("UPDATE activity SET owner_id = ?1, updated_at = ?2 WHERE owner_id = ?3 AND done_at IS NULL "
                        "AND ((?4 AND lead_id IN (SELECT id FROM lead WHERE owner_id = ?1)) OR (?5 AND deal_id IN "
                        "(SELECT id FROM deal WHERE owner_id = ?1 AND status = 'open')))",
                        a.to_user_id.v, at, a.from_user_id.v, int64_t(a.leads.value_or(true)),
                        int64_t(a.deals.value_or(true)))
                 .run());
  activities = ctx.db.changes();
  return json{{"leads", leads}, {"deals", deals}, {"activities", activities}};
}

}  // namespace

Status register_lead_pool_ops(Registry& r) {
  LOUDOU_TRY(r.add("lead.assign", Access::write, &lead_assign));
  LOUDOU_TRY(r.add("lead.claim", Access::write, &lead_claim));
  LOUDOU_TRY(r.add("lead.release", Access::write, &lead_release));
  LOUDOU_TRY(r.add("pool.recycle", Access::write, &pool_recycle));
  LOUDOU_TRY(r.add("owner.transfer", Access::write, &owner_transfer));
  return Status::Ok();
}

}  // namespace loudou
