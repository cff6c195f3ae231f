// data.import format csv entity lead: leads (线索) from a spreadsheet. Every row goes through
// lead.create / lead.update, so an imported lead is validated, scored (BANT and rules), given its
// dedupe keys and auto-assigned exactly as one typed in by hand.
//
// Matching, so that importing a file twice changes nothing: a row is the stored lead its external
// id names (import_key, or a lead id), else the stored lead with the same phone or email (the
// dedupe rules' strong keys); that lead is updated with the row's non-empty cells. A row that
// shares only a company with stored leads is a new lead (several people work at one company);
// the result lists it under `possible_duplicates`. Two rows of one file for the same lead (same
// external id, phone or email) are a row error.
#include <map>

#include "import_columns.h"
#include "import_sheet.h"
#include "import_values.h"
#include "instant.h"
#include "lead_dedupe.h"
#include "store.h"

namespace loudou::dataio {
namespace {

// The API code of a BANT or status cell: the code itself or the word the app shows for it.
std::optional<std::string> lead_choice(const std::string& field, const std::string& cell) {
  static const std::map<std::string, std::vector<std::pair<std::string, std::vector<std::string>>>> words = {
      {"authority", {{"decision_maker", {"决策人", "决策者", "拍板人", "decisionmaker"}},
                     {"influencer", {"影响者", "影响人"}}, {"user", {"使用者", "用户"}}, {"unknown", {"未知"}}}},
      {"need", {{"strong", {"强烈", "强", "高"}}, {"some", {"一般", "中", "有"}}, {"none", {"无", "没有", "低"}},
                {"unknown", {"未知"}}}},
      {"timeline", {{"1m", {"一个月内", "1个月内", "本月"}}, {"3m", {"三个月内", "3个月内", "本季度"}},
                    {"6m", {"半年内", "六个月内", "6个月内"}}, {"later", {"更晚", "半年以上", "以后"}},
                    {"unknown", {"未知"}}}},
      {"status", {{"new", {"新线索", "新建", "新"}}, {"contacted", {"已联系", "跟进中"}},
                  {"qualified", {"已确认", "合格", "有效线索"}}, {"disqualified", {"无效"}},
                  {"converted", {"已转商机", "已转化"}}}},
  };
  std::string n = import::normalize_header(cell);
  for (auto& [code, list] : words.at(field)) {
    if (n == import::normalize_header(code)) return code;
    for (auto& w : list)
      if (n == import::normalize_header(w)) return code;
  }
  return std::nullopt;
}

struct LeadRow {
  int row = 0;
  std::string key;
  std::optional<std::string> existing, create_owner;
  json args = json::object();
};

// The stored leads' strong dedupe keys and import keys.
struct Stored {
  std::map<std::string, std::string> by_phone, by_email, by_key;
  Status load(Db& db) {
    auto q = db.query("SELECT id, phone_norm, email_norm FROM lead ORDER BY created_at, id");
    while (q.next()) {
      if (!q.is_null(1)) by_phone.emplace(q.text(1), q.text(0));  // the oldest lead keeps the key
      if (!q.is_null(2)) by_email.emplace(q.text(2), q.text(0));
    }
    LOUDOU_TRY(q.status());
    auto k = db.query("SELECT k.key, k.record_id FROM import_key k JOIN lead l ON l.id = k.record_id "
                      "WHERE k.entity = 'lead'");
    while (k.next()) by_key[k.text(0)] = k.text(1);
    return k.status();
  }
};

// The op's own field names, as the import's columns.
std::string column_of_arg(const std::string& field) {
  if (field == "owner_id") return "owner";
  if (field == "at") return "created_at";
  return field;
}

}  // namespace

Result<json> import_leads(Context& ctx, const ImportRequest& req) {
  LOUDOU_ASSIGN_OR_RETURN(
      Sheet sheet, read_sheet(
                       req, [](const std::string& h) { return import::guess_field("lead", h, {}, {}); },
                       [](const std::string& f) {
                   return import::is_column("lead", f) ? "" : "\"" + f + "\" is not a lead field";
                 }));
  bool identifies = false;
  for (const char* f : {"name", "company", "phone", "email", "wechat"}) identifies |= sheet.column_of.count(f) > 0;
  if (!identifies)
    return invalid("mapping", "no column is mapped to a lead's name, company, phone, email or WeChat (联系人 / 公司 / 电话)");
  if (!req.owner_map.is_object()) return bad_request("owner_map must be an object {value: user id}", "owner_map");
  Stored stored;
  LOUDOU_TRY(stored.load(ctx.db));
  OwnerLookup owners;
  LOUDOU_TRY(owners.load(ctx.db));

  std::vector<RowError> errors;
  check_row_widths(sheet, errors);
  std::vector<LeadRow> rows;
  std::map<std::string, int> seen;  // "key:", "phone:", "email:" + value -> row
  for (size_t i = 0; i < sheet.data_rows(); ++i) {
    LeadRow r;
    r.row = sheet.row_number(i);
    auto error = [&](const std::string& field, const std::string& message) { errors.push_back({r.row, field, message}); };
    for (const char* f : {"name", "company", "phone", "email", "wechat", "source", "industry", "notes"})
      if (auto v = sheet.cell(i, f); !v.empty()) r.args[f] = v;
    if (auto v = sheet.cell(i, "budget"); !v.empty()) {
      auto p = import::parse_amount(v);
      if (p.ok()) r.args["budget"] = *p.value;
      else error("budget", "\"" + v + "\" " + p.error);
    }
    for (const char* f : {"authority", "need", "timeline", "status"})
      if (auto v = sheet.cell(i, f); !v.empty()) {
        if (auto code = lead_choice(f, v)) r.args[f] = *code;
        else error(f, "\"" + v + "\" is not a " + std::string(f) + " the app knows");
      }
    if (auto v = sheet.cell(i, "created_at"); !v.empty()) {
      auto p = import::parse_time(v);
      if (!p.ok()) error("created_at", "\"" + v + "\" " + p.error);
      else if (*p.value > ctx.now_ms + kMsPerDay) error("created_at", "\"" + v + "\" is in the future");
      else r.args["at"] = format_instant(*p.value);
    }
    if (auto v = sheet.cell(i, "owner"); !v.empty()) {
      std::string why;
      if (auto id = owners.find(v, req, why, r.create_owner)) r.args["owner_id"] = *id;
      else if (!r.create_owner) error("owner", why);
    }
    // Matching: external id, then the strong dedupe keys.
    r.key = sheet.cell(i, "external_id");
    std::vector<std::string> marks;
    if (!r.key.empty()) {
      marks.push_back("key:" + r.key);
      if (auto it = stored.by_key.find(r.key); it != stored.by_key.end()) r.existing = it->second;
      else if (is_valid_id(r.key) && exists(ctx.db, "lead", r.key)) r.existing = r.key;
    }
    auto phone = r.args.contains("phone") ? normalize_phone(r.args["phone"]) : std::nullopt;
    auto email = r.args.contains("email") ? normalize_email(r.args["email"]) : std::nullopt;
    if (phone) marks.push_back("phone:" + *phone);
    if (email) marks.push_back("email:" + *email);
    if (!r.existing && phone && stored.by_phone.count(*phone)) r.existing = stored.by_phone[*phone];
    if (!r.existing && email && stored.by_email.count(*email)) r.existing = stored.by_email[*email];
    for (auto& m : marks)
      if (auto [it, fresh] = seen.emplace(m, r.row); !fresh && it->second != r.row) {
        error(m.substr(0, m.find(':')) == "key" ? "external_id" : m.substr(0, m.find(':')),
              "the same lead as row " + std::to_string(it->second));
        break;
      }
    rows.push_back(std::move(r));
  }
  if (!errors.empty()) return row_errors(errors, "imported");

  Transaction sp(ctx.db);  // dry run: everything is written, then rolled back
  LOUDOU_TRY(sp.begin_status());
  BulkWrite bulk(ctx.db);
  int64_t imported = 0, updated = 0, unchanged = 0;
  json owners_created = json::array(), possible_duplicates = json::array();
  for (auto& r : rows) {
    auto fail = [&](const Status& st) { errors.push_back({r.row, column_of_arg(st.field()), st.message()}); };
    if (r.create_owner) {
      LOUDOU_ASSIGN_OR_RETURN(r.args["owner_id"], owners.created(ctx, *r.create_owner, owners_created));
    }
    if (!r.existing) {
      auto made = call_op(ctx, "lead.create", r.args);
      if (!made.ok()) { fail(made.status()); continue; }
      ++imported;
      if (!made.value()["duplicates"].empty())
        possible_duplicates.push_back({{"row", r.row}, {"lead_ids", made.value()["duplicates"]}});
      if (!r.key.empty())
        LOUDOU_TRY(remember_key(ctx.db, "lead", r.key, made.value()["id"].get<std::string>()));
      continue;
    }
    // An update that changes nothing is rolled back, so the lead keeps its updated_at.
    auto before = call_op(ctx, "lead.get", {{"id", *r.existing}});
    if (!before.ok()) return before.status();
    bool changed = false;
    {
      Transaction one(ctx.db);
      LOUDOU_TRY(one.begin_status());
      json args = r.args;
      args["id"] = *r.existing;
      args.erase("at");  // a stored lead keeps its created date
      if (args.contains("status") && args["status"] == before.value()["status"]) args.erase("status");
      auto after = call_op(ctx, "lead.update", args);
      if (!after.ok()) { fail(after.status()); continue; }
      json x = after.value(), y = before.value();
      for (auto* j : {&x, &y})
        for (const char* k : {"updated_at", "activities", "assignments", "duplicates"}) j->erase(k);
      changed = x != y;
      if (changed) LOUDOU_TRY(one.commit());
    }
    ++(changed ? updated : unchanged);
    if (!r.key.empty() && !stored.by_key.count(r.key))
      LOUDOU_TRY(remember_key(ctx.db, "lead", r.key, *r.existing));
  }
  if (!errors.empty()) return row_errors(errors, "imported");
  if (!req.dry_run) LOUDOU_TRY(sp.commit());
  return json{{"imported", imported}, {"updated", updated}, {"unchanged", unchanged},
              {"rows", int64_t(rows.size())}, {"owners_created", owners_created},
              {"possible_duplicates", possible_duplicates}, {"dry_run", req.dry_run}, {"errors", json::array()}};
}

}  // namespace loudou::dataio
