#include "custom_fields.h"

#include <algorithm>

#include "store.h"
#include "instant.h"
#include "wire.h"

namespace loudou {
namespace {

bool blank(const nlohmann::json& v) {
  return v.is_null() || (v.is_string() && v.get<std::string>().find_first_not_of(" \t") == std::string::npos) ||
         (v.is_array() && v.empty());
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

Status check_value(const FieldDef& def, const nlohmann::json& v, const std::string& path) {
  const std::string& t = def.type;
  if (t == "text") {
    if (!v.is_string()) return bad_request(path + " must be text", path);
    if (v.get<std::string>().size() > 20'000) return invalid(path, path + " is too long");
  } else if (t == "number") {
    if (!v.is_number()) return bad_request(path + " must be a number", path);
  } else if (t == "money") {
    wire::Money m;
    return wire::read(v, m, path);
  } else if (t == "date") {
    wire::Date d;
    return wire::read(v, d, path);
  } else if (t == "choice") {
    if (!v.is_string()) return bad_request(path + " must be one of its options", path);
    if (!contains(def.options, v.get<std::string>()))
      return invalid(path, path + ": \"" + v.get<std::string>() + "\" is not one of its options");
  } else if (t == "multi_choice") {
    if (!v.is_array()) return bad_request(path + " must be a list of its options", path);
    for (auto& x : v)
      if (!x.is_string() || !contains(def.options, x.get<std::string>()))
        return invalid(path, path + ": every value must be one of its options");
  }
  return Status::Ok();
}

}  // namespace

const std::vector<std::string>& builtin_deal_fields() {
  static const std::vector<std::string> f = {"amount",   "account",        "contact", "owner_id",
                                             "source",   "industry",       "expected_close"};
  return f;
}

Status merge_custom_fields(Db& db, const std::string& entity, const nlohmann::json& values,
                           nlohmann::json& current) {
  if (!values.is_object()) return bad_request("fields must be an object", "fields");
  if (!current.is_object()) current = nlohmann::json::object();
  LOUDOU_ASSIGN_OR_RETURN(auto defs, load_field_defs(db, entity));
  for (auto it = values.begin(); it != values.end(); ++it) {
    std::string path = "fields." + it.key();
    auto def = std::find_if(defs.begin(), defs.end(), [&](auto& d) { return d.key == it.key(); });
    if (def == defs.end())
      return invalid(path, "no custom field \"" + it.key() + "\" is defined for " + entity + "s");
    if (it->is_null()) {
      current.erase(it.key());
      continue;
    }
    LOUDOU_TRY(check_value(*def, *it, path));
    current[it.key()] = *it;
  }
  return Status::Ok();
}

Status check_required_field_names(Db& db, const std::vector<std::string>& names,
                                  const std::string& path) {
  LOUDOU_ASSIGN_OR_RETURN(auto defs, load_field_defs(db, "deal"));
  for (size_t i = 0; i < names.size(); ++i) {
    const auto& n = names[i];
    bool custom = std::any_of(defs.begin(), defs.end(), [&](auto& d) { return d.key == n; });
    if (!custom && !contains(builtin_deal_fields(), n))
      return invalid(wire::index(path, i), "\"" + n + "\" is not a deal field");
  }
  return Status::Ok();
}

Result<std::vector<std::string>> missing_for_stage(Db& db, const Deal& deal, const Stage& stage) {
  std::vector<std::string> required = stage.required_fields;
  LOUDOU_ASSIGN_OR_RETURN(auto defs, load_field_defs(db, "deal"));
  for (auto& d : defs)
    if (contains(d.required_in_stages, stage.id) && !contains(required, d.key))
      required.push_back(d.key);
  std::vector<std::string> missing;
  for (auto& name : required) {
    bool empty = false;
    if (name == "amount") empty = deal.amount == 0;
    else if (name == "account") empty = blank(wire::write(deal.account));
    else if (name == "contact") empty = blank(wire::write(deal.contact));
    else if (name == "owner_id") empty = !deal.owner_id;
    else if (name == "source") empty = blank(wire::write(deal.source));
    else if (name == "industry") empty = blank(wire::write(deal.industry));
    else if (name == "expected_close") empty = !deal.expected_close;
    else empty = !deal.fields.contains(name) || blank(deal.fields[name]);
    if (empty) missing.push_back(name);
  }
  return missing;
}

Status stage_requirements_error(const Stage& stage, std::vector<std::string> missing) {
  std::string list;
  for (auto& m : missing) list += (list.empty() ? "" : ", ") + m;
  Status st(ErrorCode::stage_requirements,
            "stage \"" + stage.name + "\" requires these fields to be filled: " + list,
            missing.empty() ? "" : missing.front());
  st.with_fields(std::move(missing));
  return st;
}

}  // namespace loudou
