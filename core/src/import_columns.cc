#include "import_columns.h"

#include "import_values.h"

namespace loudou::import {
namespace {

const std::vector<Column> kDeal = {
    {"external_id", "商机编号", "Deal ID", {"编号", "id", "外部编号", "商机id", "externalid", "dealid", "序号id"}},
    {"title", "商机名称", "Deal name", {"标题", "商机", "名称", "项目名称", "项目", "机会名称", "title", "name", "deal", "opportunity", "opportunityname"}},
    {"account", "客户名称", "Account", {"客户", "公司", "公司名称", "客户公司", "企业名称", "account", "company", "customer", "accountname"}},
    {"contact", "联系人", "Contact", {"联系人姓名", "contact", "contactname"}},
    {"amount", "金额", "Amount", {"商机金额", "预计金额", "合同金额", "金额(元)", "金额（元）", "amount", "value", "dealvalue", "dealamount"}},
    {"currency", "币种", "Currency", {"货币", "currency"}},
    {"stage", "阶段", "Stage", {"销售阶段", "商机阶段", "当前阶段", "stage", "dealstage"}},
    {"status", "状态", "Status", {"商机状态", "结果", "赢单/输单", "status", "outcome", "result"}},
    {"owner", "负责人", "Owner", {"销售", "销售代表", "销售人员", "所有人", "跟进人", "owner", "salesrep", "rep", "dealowner"}},
    {"source", "来源", "Source", {"线索来源", "渠道", "客户来源", "source", "leadsource", "channel"}},
    {"industry", "行业", "Industry", {"所属行业", "客户行业", "industry"}},
    {"expected_close", "预计成交日期", "Expected close", {"预计成交时间", "预计签约日期", "预计结单日期", "expectedclose", "expectedclosedate", "closedate"}},
    {"created_at", "创建日期", "Created", {"创建时间", "录入日期", "建立日期", "created", "createdat", "createdate", "createddate"}},
    {"closed_at", "关闭日期", "Closed", {"成交日期", "赢单日期", "输单日期", "结单日期", "签约日期", "closed", "closedat", "wondate", "lostdate"}},
    {"lost_reason", "输单原因", "Lost reason", {"丢单原因", "失败原因", "lostreason", "reason"}},
    {"lead_id", "线索编号", "Lead ID", {"leadid"}},
};

const std::vector<Column> kUser = {
    {"external_id", "用户编号", "User ID", {"编号", "id", "userid", "员工编号", "工号"}},
    {"name", "姓名", "Name", {"名字", "用户名", "销售", "name", "username", "fullname"}},
    {"email", "邮箱", "Email", {"电子邮箱", "邮件", "email", "e-mail", "mail"}},
    {"team", "团队", "Team", {"部门", "小组", "team", "department", "group"}},
    {"active", "启用", "Active", {"状态", "是否启用", "在职", "active", "enabled", "status"}},
    {"created_at", "创建日期", "Created", {"创建时间", "created", "createdat"}},
};

// Leads: the value columns (authority, need, timeline, status) take the API's codes or the
// words the app shows (决策人, 强烈, 一个月内, 已联系 ...); see lead_choice().
const std::vector<Column> kLead = {
    {"external_id", "线索编号", "Lead ID", {"编号", "id", "外部编号", "线索id", "leadid", "externalid"}},
    {"name", "联系人", "Name", {"姓名", "联系人姓名", "客户姓名", "名字", "name", "contact", "contactname", "fullname"}},
    {"company", "公司", "Company", {"公司名称", "客户名称", "客户", "企业名称", "单位", "company", "companyname", "account"}},
    {"phone", "电话", "Phone", {"手机", "手机号", "手机号码", "联系电话", "电话号码", "phone", "mobile", "tel", "telephone"}},
    {"email", "邮箱", "Email", {"电子邮箱", "邮件", "email", "e-mail", "mail"}},
    {"wechat", "微信", "WeChat", {"微信号", "wechat", "weixin"}},
    {"source", "来源", "Source", {"线索来源", "渠道", "客户来源", "source", "leadsource", "channel"}},
    {"industry", "行业", "Industry", {"所属行业", "客户行业", "industry"}},
    {"budget", "预算", "Budget", {"预算（元）", "预算(元)", "预算金额", "budget"}},
    {"authority", "决策人", "Authority", {"决策权", "角色", "authority", "role"}},
    {"need", "需求", "Need", {"需求程度", "need"}},
    {"timeline", "时间", "Timeline", {"采购时间", "购买时间", "预计采购时间", "timeline", "timeframe"}},
    {"owner", "负责人", "Owner", {"销售", "跟进人", "所有人", "owner", "salesrep", "rep"}},
    {"status", "状态", "Status", {"线索状态", "status"}},
    {"notes", "备注", "Notes", {"说明", "描述", "notes", "note", "remark", "remarks", "description"}},
    {"created_at", "创建日期", "Created", {"创建时间", "录入日期", "created", "createdat", "createdate"}},
};

// Follow-ups: `deal` / `lead` name the record the activity belongs to, by external id (of an
// earlier import), id, or the deal's title / the lead's name or company.
const std::vector<Column> kActivity = {
    {"external_id", "跟进编号", "Activity ID", {"编号", "id", "外部编号", "activityid", "externalid"}},
    {"type", "类型", "Type", {"跟进方式", "方式", "跟进类型", "活动类型", "type", "activitytype"}},
    {"deal", "商机", "Deal", {"商机名称", "关联商机", "商机编号", "deal", "dealid", "dealname", "opportunity"}},
    {"lead", "线索", "Lead", {"线索名称", "关联线索", "线索编号", "lead", "leadid", "leadname"}},
    {"owner", "负责人", "Owner", {"跟进人", "销售", "owner", "rep"}},
    {"subject", "主题", "Subject", {"标题", "摘要", "subject", "title"}},
    {"due_at", "截止日期", "Due", {"截止时间", "计划时间", "计划日期", "到期日期", "due", "dueat", "duedate"}},
    {"done_at", "完成日期", "Done", {"完成时间", "跟进时间", "跟进日期", "done", "doneat", "completed", "completedat"}},
    {"outcome", "结果", "Outcome", {"跟进结果", "outcome", "result"}},
    {"notes", "内容", "Notes", {"跟进内容", "备注", "说明", "notes", "note", "remark", "description"}},
    {"created_at", "创建日期", "Created", {"创建时间", "created", "createdat"}},
};

bool same(std::string_view header, const std::string& candidate) {
  return normalize_header(header) == normalize_header(candidate);
}

}  // namespace

const std::vector<Column>& columns_of(std::string_view entity) {
  static const std::vector<Column> none;
  if (entity == "deal") return kDeal;
  if (entity == "user") return kUser;
  if (entity == "lead") return kLead;
  if (entity == "activity") return kActivity;
  return none;
}

bool is_column(std::string_view entity, std::string_view field) {
  for (auto& c : columns_of(entity))
    if (c.field == field) return true;
  return false;
}

std::string header_for(std::string_view entity, const std::string& field, std::string_view lang) {
  for (auto& c : columns_of(entity))
    if (c.field == field) return lang == "en" ? c.en : c.zh;
  return field;
}

std::string stage_date_header(const std::string& stage_name, std::string_view lang) {
  return (lang == "en" ? "Stage date:" : "阶段日期:") + stage_name;
}

std::optional<std::string> guess_field(std::string_view entity, std::string_view header,
                                       const std::vector<Stage>& stages,
                                       const std::vector<FieldDef>& custom) {
  std::string h = normalize_header(header);
  if (h.empty()) return std::nullopt;
  for (auto& c : columns_of(entity)) {
    if (same(header, c.field) || same(header, c.zh) || same(header, c.en)) return c.field;
    for (auto& a : c.aliases)
      if (same(header, a)) return c.field;
  }
  if (entity != "deal") return std::nullopt;
  for (auto& s : stages) {
    std::string n = normalize_header(s.name);
    for (const std::string& form : {std::string("阶段日期:") + n, std::string("stagedate:") + n,
                                    "进入" + n + "日期", "进入" + n + "时间", n + "日期"})
      if (h == form) return std::string(kStageDatePrefix) + s.name;
  }
  for (auto& d : custom)
    if (h == normalize_header(d.label) || h == normalize_header(d.key))
      return std::string(kCustomPrefix) + d.key;
  return std::nullopt;
}

}  // namespace loudou::import
