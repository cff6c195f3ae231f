// alert.list: what needs attention at `now`, computed locally from stored data — overdue and
// due-today follow-ups, stalled deals (metrics.md 9: idle longer than their stage's rot_days,
// unless paused), open deals with no next step (no open activity due at or after `now`), and
// bottleneck stages (alert_bottleneck.h). Counts per kind feed the app's badge.
#include <algorithm>

#include "alert_bottleneck.h"
#include "instant.h"
#include "registry.h"
#include "store.h"

namespace loudou {
namespace {

struct AlertList {
  std::optional<wire::Instant> now;
  std::optional<wire::Id> owner_id;
  std::optional<wire::Id> pipeline_id;
  // "Today" is the local day of `now`: UTC+8 is 480.
  std::optional<int> tz_offset_minutes;
  // Bottlenecks compare deals created in the last N days with the N days before (default 90).
  std::optional<wire::Days> bottleneck_days;
};
BOOST_DESCRIBE_STRUCT(AlertList, (), (now, owner_id, pipeline_id, tz_offset_minutes, bottleneck_days))

json alert(const char* kind, json deal_id, json lead_id, json activity_id, json stage_id, json owner_id,
           std::string message) {
  return {{"kind", kind},         {"deal_id", std::move(deal_id)},         {"lead_id", std::move(lead_id)},
          {"activity_id", std::move(activity_id)}, {"stage_id", std::move(stage_id)},
          {"owner_id", std::move(owner_id)}, {"message", std::move(message)}};
}

json opt(const Query& q, int col) { return q.is_null(col) ? json(nullptr) : json(q.text(col)); }

// Open activities due in [from, to): overdue (from = -inf, to = now) or due today (now, day end).
Status due_alerts(Db& db, const char* kind, int64_t from, int64_t to, const std::optional<std::string>& owner,
                  json& out) {
  auto q = db.query(
      "SELECT a.id, a.type, a.subject, a.due_at, a.deal_id, a.lead_id, a.owner_id, COALESCE(d.title, l.company, "
      "l.name, '') FROM activity a LEFT JOIN deal d ON d.id = a.deal_id LEFT JOIN lead l ON l.id = a.lead_id "
      "WHERE a.done_at IS NULL AND a.due_at >= ? AND a.due_at < ? AND (?3 IS NULL OR a.owner_id = ?3) "
      "ORDER BY a.due_at, a.id",
      from, to, owner);
  while (q.next()) {
    std::string what = q.text(1) + (q.is_null(2) ? "" : " \"" + q.text(2) + "\"");
    std::string on = q.text(7).empty() ? "" : " (" + q.text(7) + ")";
    std::string msg = std::string(kind) == "overdue" ? what + on + " was due " + format_instant(q.int64(3))
                                                     : what + on + " is due " + format_instant(q.int64(3));
    json a = alert(kind, opt(q, 4), opt(q, 5), q.text(0), nullptr, opt(q, 6), msg);
    a["due_at"] = format_instant(q.int64(3));
    a["activity_type"] = q.text(1);
    a["subject"] = opt(q, 2);
    a["title"] = q.text(7);
    out.push_back(std::move(a));
  }
  return q.status();
}

// Open deals, with what stalled / no_next_step need.
struct OpenDeal {
  std::string id, title, stage_id, stage_name;
  std::optional<std::string> owner, paused_until;
  std::optional<int> rot_days;
  int64_t last_touch = 0;  // the later of its last stage event and its last logged activity
  bool next_step = false;
};

Result<std::vector<OpenDeal>> open_deals(Db& db, int64_t now, const std::optional<std::string>& owner,
                                         const std::optional<std::string>& pipeline) {
  std::vector<OpenDeal> out;
  // A logged activity is a done one, or a note (logged when written) — as report.bottlenecks.
  auto q = db.query(
      "SELECT d.id, d.title, d.stage_id, s.name, d.owner_id, d.paused_until, s.rot_days, "
      "MAX(COALESCE((SELECT MAX(e.at) FROM stage_event e WHERE e.deal_id = d.id AND e.at <= ?1), d.created_at), "
      "COALESCE((SELECT MAX(COALESCE(a.done_at, CASE WHEN a.type = 'note' THEN a.created_at END)) FROM activity a "
      "WHERE a.deal_id = d.id AND COALESCE(a.done_at, CASE WHEN a.type = 'note' THEN a.created_at END) <= ?1), 0)), "
      "EXISTS (SELECT 1 FROM activity a WHERE a.deal_id = d.id AND a.done_at IS NULL AND a.due_at >= ?1) "
      "FROM deal d JOIN stage s ON s.id = d.stage_id WHERE d.status = 'open' AND d.created_at <= ?1 "
      "AND (?2 IS NULL OR d.owner_id = ?2) AND (?3 IS NULL OR d.pipeline_id = ?3) ORDER BY d.created_at, d.id",
      now, owner, pipeline);
  while (q.next()) {
    OpenDeal d;
    d.id = q.text(0);
    d.title = q.text(1);
    d.stage_id = q.text(2);
    d.stage_name = q.text(3);
    d.owner = q.opt_text(4);
    d.paused_until = q.opt_text(5);
    if (!q.is_null(6)) d.rot_days = int(q.int64(6));
    d.last_touch = q.int64(7);
    d.next_step = q.int64(8) != 0;
    out.push_back(std::move(d));
  }
  LOUDOU_TRY(q.status());
  return out;
}

std::string days_text(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", d);
  return buf;
}

Result<json> alert_list(Context& ctx, const AlertList& a) {
  int64_t now = a.now ? a.now->ms : ctx.now_ms;
  int tz = a.tz_offset_minutes.value_or(0);
  if (tz < -840 || tz > 840) return invalid("tz_offset_minutes", "tz_offset_minutes must be between -840 and 840");
  std::optional<std::string> owner, pipeline;
  if (a.owner_id) {
    LOUDOU_TRY(require_exists(ctx.db, "user", a.owner_id->v, "owner_id", "user"));
    owner = a.owner_id->v;
  }
  if (a.pipeline_id) {
    LOUDOU_TRY(require_exists(ctx.db, "pipeline", a.pipeline_id->v, "pipeline_id", "pipeline"));
    pipeline = a.pipeline_id->v;
  }
  int64_t offset = int64_t(tz) * 60'000;
  int64_t local = now + offset;
  int64_t day_end = local - ((local % kMsPerDay) + kMsPerDay) % kMsPerDay + kMsPerDay - offset;
  std::string today = date_of(now + offset);

  json alerts = json::array();
  LOUDOU_TRY(due_alerts(ctx.db, "overdue", INT64_MIN, now, owner, alerts));
  LOUDOU_TRY(due_alerts(ctx.db, "due_today", now, day_end, owner, alerts));

  LOUDOU_ASSIGN_OR_RETURN(auto deals, open_deals(ctx.db, now, owner, pipeline));
  struct Stalled { double idle; json row; };
  std::vector<Stalled> stalled;
  json no_next = json::array();
  for (const auto& d : deals) {
    double idle = double(now - d.last_touch) / double(kMsPerDay);
    bool paused = d.paused_until && *d.paused_until > today;
    if (d.rot_days && idle > *d.rot_days && !paused) {
      json row = alert("stalled", d.id, nullptr, nullptr, d.stage_id, d.owner ? json(*d.owner) : json(nullptr),
                       "\"" + d.title + "\" has been idle for " + days_text(idle) + " days in " + d.stage_name +
                           " (limit " + std::to_string(*d.rot_days) + ")");
      row["idle_days"] = idle;
      row["title"] = d.title;
      row["stage_name"] = d.stage_name;
      row["rot_days"] = *d.rot_days;
      stalled.push_back({idle, std::move(row)});
    }
    if (!d.next_step) {
      json row = alert("no_next_step", d.id, nullptr, nullptr, d.stage_id, d.owner ? json(*d.owner) : json(nullptr),
                       "\"" + d.title + "\" has no next step planned");
      row["title"] = d.title;
      row["stage_name"] = d.stage_name;
      no_next.push_back(std::move(row));
    }
  }
  std::stable_sort(stalled.begin(), stalled.end(), [](const Stalled& x, const Stalled& y) { return x.idle > y.idle; });
  for (auto& s : stalled) alerts.push_back(std::move(s.row));
  for (auto& n : no_next) alerts.push_back(std::move(n));

  // Bottlenecks are a property of a stage, not of a rep: they are left out of one rep's list.
  if (!owner) {
    int64_t window = int64_t(a.bottleneck_days ? a.bottleneck_days->v : 90) * kMsPerDay;
    LOUDOU_ASSIGN_OR_RETURN(auto found, find_bottlenecks(ctx.db, pipeline, now - window, now, now - 2 * window,
                                                         now - window, 0.8, 10));
    for (const auto& b : found) {
      json row = alert("bottleneck", nullptr, nullptr, nullptr, b.stage_id, nullptr,
                       b.stage_name + " converts at " + std::to_string(int(b.conversion * 100 + 0.5)) +
                           "% against " + std::to_string(int(b.baseline_conversion * 100 + 0.5)) +
                           "% before");
      row["pipeline_id"] = b.pipeline_id;
      row["stage_name"] = b.stage_name;
      row["conversion"] = b.conversion;
      row["baseline_conversion"] = b.baseline_conversion;
      row["ratio"] = b.ratio;
      alerts.push_back(std::move(row));
    }
  }
  json counts = {{"overdue", 0}, {"due_today", 0}, {"stalled", 0}, {"no_next_step", 0}, {"bottleneck", 0}};
  for (const auto& x : alerts) counts[x["kind"].get<std::string>()] = counts[x["kind"].get<std::string>()].get<int>() + 1;
  int64_t total = int64_t(alerts.size());
  return json{{"now", format_instant(now)}, {"alerts", std::move(alerts)}, {"counts", std::move(counts)},
              {"total", total}};
}

}  // namespace

Status register_alert_ops(Registry& r) { return r.add("alert.list", Access::read, &alert_list); }

}  // namespace loudou
