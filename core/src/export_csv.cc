// data.export format csv: what a person opens in Excel. UTF-8 with a BOM (Excel's cue for UTF-8),
// CRLF, headers in the user's language, amounts in 元 with two decimals, times as
// "2026-03-01 09:30:00" UTC. The deal columns are the ones data.import guesses back, including a
// "阶段日期:<stage>" column per stage, so an export re-imports with its history and no mapping.
#include <climits>
#include <unordered_map>

#include "csv.h"
#include "data_io.h"
#include "import_columns.h"
#include "import_values.h"
#include "store.h"

namespace loudou::dataio {
namespace {

using import::format_amount;
using import::format_time;
using import::header_for;

std::string outcome_word(const std::string& status, const std::string& lang) {
  if (lang == "en") return status;
  if (status == "won") return "赢单";
  if (status == "lost") return "输单";
  return "进行中";
}

std::string custom_text(const FieldDef& def, const json& v) {
  if (v.is_null()) return "";
  if (def.type == "money" && v.is_number_integer()) return format_amount(v.get<int64_t>());
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string out;
    for (auto& x : v) out += (out.empty() ? "" : "; ") + (x.is_string() ? x.get<std::string>() : x.dump());
    return out;
  }
  return v.dump();
}

Result<std::unordered_map<std::string, std::string>> user_names(Db& db) {
  std::unordered_map<std::string, std::string> out;
  auto q = db.query("SELECT id, name FROM user");
  while (q.next()) out[q.text(0)] = q.text(1);
  LOUDOU_TRY(q.status());
  return out;
}

// 100,000 deals export in about a second in the browser only without per-row lookups in ordered
// maps and without SQL sorts beyond the one ORDER BY: hash maps, the stage dates read in one scan
// of stage_event, one row of cells reused, the output reserved up front.
Result<std::string> export_deals(Db& db, const std::optional<std::string>& pipeline_id, const std::string& lang) {
  std::vector<Pipeline> pipelines;
  if (pipeline_id) {
    LOUDOU_ASSIGN_OR_RETURN(auto p, load_pipeline(db, *pipeline_id, "pipeline_id"));
    pipelines.push_back(std::move(p));
  } else {
    LOUDOU_ASSIGN_OR_RETURN(pipelines, load_pipelines(db));
  }
  std::vector<std::string> dated;  // stage names with a date column, pipeline and position order
  for (auto& p : pipelines)
    for (auto& s : p.stages)
      if (std::find(dated.begin(), dated.end(), s.name) == dated.end()) dated.push_back(s.name);
  std::unordered_map<std::string, std::string> stage_name;  // every stage, removed ones too
  std::unordered_map<std::string, int> stage_column;        // stage id -> index in `dated` (-1: none)
  {
    auto q = db.query("SELECT id, name FROM stage");
    while (q.next()) {
      std::string id = q.text(0), name = q.text(1);
      auto it = std::find(dated.begin(), dated.end(), name);
      stage_column[id] = it == dated.end() ? -1 : int(it - dated.begin());
      stage_name[std::move(id)] = std::move(name);
    }
    LOUDOU_TRY(q.status());
  }
  LOUDOU_ASSIGN_OR_RETURN(auto defs, load_field_defs(db, "deal"));
  LOUDOU_ASSIGN_OR_RETURN(auto users, user_names(db));

  static const char* fixed[] = {"external_id", "title",    "account",        "contact",    "amount",
                                "currency",    "stage",    "status",         "owner",      "source",
                                "industry",    "expected_close", "created_at", "closed_at", "lost_reason"};
  constexpr size_t kFixed = sizeof fixed / sizeof *fixed;
  csv::Row header;
  for (auto f : fixed) header.push_back(header_for("deal", f, lang));
  for (auto& d : defs) header.push_back(d.label);
  for (auto& n : dated) header.push_back(import::stage_date_header(n, lang));

  std::string where = pipeline_id ? " WHERE pipeline_id = ?" : "";
  int64_t count = 0;
  {
    auto q = db.query("SELECT COUNT(*) FROM deal" + where);
    if (pipeline_id) q.bind(1, *pipeline_id);
    if (q.next()) count = q.int64(0);
    LOUDOU_TRY(q.status());
  }
  std::string out;
  out.reserve(size_t(count) * (160 + 12 * dated.size()) + 4096);
  out += csv::kBom;
  csv::write_row(out, header);

  // The first time each deal entered each stage (a deal that comes back keeps its first date):
  // per deal, the earliest entering event per dated column.
  std::unordered_map<std::string, std::vector<int64_t>> entered;
  entered.reserve(size_t(count));
  {
    auto q = db.query(pipeline_id ? "SELECT e.deal_id, e.stage_id, e.at FROM stage_event e JOIN deal d ON d.id = e.deal_id "
                                    "WHERE d.pipeline_id = ? AND e.kind IN ('create', 'move', 'reopen')"
                                  : "SELECT deal_id, stage_id, at FROM stage_event WHERE kind IN ('create', 'move', 'reopen')");
    if (pipeline_id) q.bind(1, *pipeline_id);
    while (q.next()) {
      auto col = stage_column.find(q.text(1));
      if (col == stage_column.end() || col->second < 0) continue;
      auto& dates = entered[q.text(0)];
      if (dates.empty()) dates.assign(dated.size(), INT64_MAX);
      dates[col->second] = std::min(dates[col->second], q.int64(2));
    }
    LOUDOU_TRY(q.status());
  }
  auto q = db.query("SELECT id, title, account, contact, amount, currency, stage_id, status, owner_id, source, "
                    "industry, expected_close, created_at, closed_at, lost_reason, fields FROM deal" + where +
                    " ORDER BY created_at, id");
  if (pipeline_id) q.bind(1, *pipeline_id);
  csv::Row row(kFixed + defs.size() + dated.size());
  while (q.next()) {
    std::string id = q.text(0);
    row[0] = id;
    row[1] = q.text(1);
    row[2] = q.text(2);
    row[3] = q.text(3);
    row[4] = format_amount(q.int64(4));
    row[5] = q.text(5);
    row[6] = stage_name[q.text(6)];
    row[7] = outcome_word(q.text(7), lang);
    row[8] = q.is_null(8) ? "" : users[q.text(8)];
    row[9] = q.text(9);
    row[10] = q.text(10);
    row[11] = q.text(11);
    row[12] = format_time(q.int64(12));
    row[13] = q.is_null(13) ? "" : format_time(q.int64(13));
    row[14] = q.text(14);
    size_t k = kFixed;
    if (!defs.empty()) {
      json fields = parse_json_column(q.text(15), json::object());
      for (auto& d : defs) row[k++] = fields.contains(d.key) ? custom_text(d, fields[d.key]) : "";
    }
    auto dates = entered.find(id);
    for (size_t c = 0; c < dated.size(); ++c, ++k) {
      int64_t at = dates == entered.end() ? INT64_MAX : dates->second[c];
      row[k] = at == INT64_MAX ? "" : format_time(at);
    }
    csv::write_row(out, row);
  }
  LOUDOU_TRY(q.status());
  return out;
}

Result<std::string> export_users(Db& db, const std::string& lang) {
  std::string out(csv::kBom);
  csv::Row header;
  for (auto f : {"external_id", "name", "email", "team", "active", "created_at"})
    header.push_back(header_for("user", f, lang));
  csv::write_row(out, header);
  auto q = db.query("SELECT id, name, email, team, active, created_at FROM user ORDER BY name, id");
  while (q.next()) {
    bool active = q.int64(4) != 0;
    csv::write_row(out, {q.text(0), q.text(1), q.text(2), q.text(3),
                         lang == "en" ? (active ? "yes" : "no") : (active ? "是" : "否"),
                         format_time(q.int64(5))});
  }
  LOUDOU_TRY(q.status());
  return out;
}

// Leads and activities: the columns data.import reads (import_columns.cc), so an export imports
// back onto the same records (the id column is their external id). Choice fields (authority,
// need, timeline, status, type) are the API's codes, which the import reads in both languages.
Result<std::string> export_records(Db& db, const std::string& entity, const std::string& lang) {
  LOUDOU_ASSIGN_OR_RETURN(auto users, user_names(db));
  const bool lead = entity == "lead";
  std::vector<std::string> fields;
  for (auto& c : import::columns_of(entity)) fields.push_back(c.field);
  csv::Row header;
  for (auto& f : fields) header.push_back(header_for(entity, f, lang));
  if (lead) header.push_back(lang == "en" ? "Score" : "评分");
  std::string out(csv::kBom);
  csv::write_row(out, header);
  // Columns in the order of `fields` (owner_id is written as the user's name).
  std::string sql = lead ? "SELECT id, name, company, phone, email, wechat, source, industry, budget, authority, need, "
                           "timeline, owner_id, status, notes, created_at, score FROM lead ORDER BY created_at, id"
                         : "SELECT id, type, deal_id, lead_id, owner_id, subject, due_at, done_at, outcome, notes, "
                           "created_at FROM activity ORDER BY created_at, id";
  auto q = db.query(sql);
  csv::Row row;
  while (q.next()) {
    row.clear();
    for (size_t i = 0; i < fields.size() + (lead ? 1 : 0); ++i) {
      const std::string& f = i < fields.size() ? fields[i] : "score";
      int col = int(i);
      if (q.is_null(col)) row.push_back("");
      else if (f == "owner") row.push_back(users[q.text(col)]);
      else if (f == "budget") row.push_back(format_amount(q.int64(col)));
      else if (f.size() > 3 && f.compare(f.size() - 3, 3, "_at") == 0) row.push_back(format_time(q.int64(col)));
      else row.push_back(q.text(col));
    }
    csv::write_row(out, row);
  }
  LOUDOU_TRY(q.status());
  return out;
}

}  // namespace

Result<std::string> export_csv(Db& db, const std::string& entity,
                               const std::optional<std::string>& pipeline_id, const std::string& lang) {
  if (lang != "zh-CN" && lang != "en") return invalid("lang", "lang must be zh-CN or en");
  if (entity == "deal") return export_deals(db, pipeline_id, lang);
  if (pipeline_id) return invalid("pipeline_id", "pipeline_id applies to deal exports only");
  if (entity == "user") return export_users(db, lang);
  if (entity == "lead" || entity == "activity") return export_records(db, entity, lang);
  return invalid("entity", "entity must be deal, lead, activity or user");
}

}  // namespace loudou::dataio
