#include "win_features.h"

#include <algorithm>

#include "instant.h"

namespace loudou::win {
namespace {

struct Band {
  const char* key;
  const char* zh;
  const char* en;
};

// Upper bounds (exclusive) go with the band of the same index; the last band is open-ended.
constexpr int64_t kAmountYuan[] = {1, 10'000, 50'000, 200'000, 1'000'000};
constexpr Band kAmount[] = {{"0", "0元", "0"},
                            {"0-10000", "1万元以下", "under 10k"},
                            {"10000-50000", "1万–5万元", "10k–50k"},
                            {"50000-200000", "5万–20万元", "50k–200k"},
                            {"200000-1000000", "20万–100万元", "200k–1M"},
                            {"1000000+", "100万元以上", "1M+"}};
constexpr double kAgeDays[] = {7, 30, 90, 180};
constexpr Band kAge[] = {{"0-7", "0–7天", "0–7 days"},
                         {"7-30", "7–30天", "7–30 days"},
                         {"30-90", "30–90天", "30–90 days"},
                         {"90-180", "90–180天", "90–180 days"},
                         {"180+", "180天以上", "180+ days"}};
constexpr int64_t kActivityCount[] = {1, 3, 6, 11};
constexpr Band kActivities[] = {{"0", "0次", "none"},
                                {"1-2", "1–2次", "1–2"},
                                {"3-5", "3–5次", "3–5"},
                                {"6-10", "6–10次", "6–10"},
                                {"11+", "11次以上", "11+"}};
constexpr double kIdleDays[] = {3, 7, 14, 30};
constexpr Band kIdle[] = {{"0-3", "0–3天", "0–3 days"},
                          {"3-7", "3–7天", "3–7 days"},
                          {"7-14", "7–14天", "7–14 days"},
                          {"14-30", "14–30天", "14–30 days"},
                          {"30+", "30天以上", "30+ days"},
                          {"none", "尚无跟进", "none yet"}};

template <class T, size_t N>
size_t band_index(T v, const T (&bounds)[N]) {
  size_t i = 0;
  while (i < N && v >= bounds[i]) ++i;
  return i;
}

template <size_t N>
std::string label_of(const Band (&bands)[N], const std::string& key, bool zh) {
  for (const auto& b : bands)
    if (key == b.key) return zh ? b.zh : b.en;
  return key;
}

}  // namespace

const char* feature_key(Feature f) {
  static const char* keys[] = {"source", "industry", "owner", "amount", "age", "activities", "idle"};
  return keys[int(f)];
}
const char* feature_label_zh(Feature f) {
  static const char* l[] = {"来源", "行业", "负责人", "金额", "商机时长", "跟进次数", "距上次跟进"};
  return l[int(f)];
}
const char* feature_label_en(Feature f) {
  static const char* l[] = {"Source", "Industry", "Owner", "Amount", "Age", "Activities",
                            "Since last activity"};
  return l[int(f)];
}

std::string amount_band(int64_t amount_minor) {
  int64_t yuan = amount_minor / 100;
  if (amount_minor <= 0) return kAmount[0].key;
  return kAmount[std::max<size_t>(1, band_index(yuan, kAmountYuan))].key;
}
std::string age_band(double days) { return kAge[band_index(days, kAgeDays)].key; }
std::string activity_band(int64_t count) {
  return kActivities[band_index(count, kActivityCount)].key;
}
std::string idle_band(std::optional<double> days) {
  if (!days) return kIdle[5].key;
  return kIdle[band_index(*days, kIdleDays)].key;
}

std::string value_label(Feature f, const std::string& key, bool zh) {
  switch (f) {
    case Feature::amount: return label_of(kAmount, key, zh);
    case Feature::age: return label_of(kAge, key, zh);
    case Feature::activities: return label_of(kActivities, key, zh);
    case Feature::idle: return label_of(kIdle, key, zh);
    default: return key;
  }
}

Snapshot snapshot_at(const DealHistory& d, int64_t t, int stage) {
  Snapshot s;
  s.stage = stage;
  s.values[int(Feature::source)] = d.source;
  s.values[int(Feature::industry)] = d.industry;
  s.values[int(Feature::owner)] = d.owner_id;
  s.values[int(Feature::amount)] = amount_band(d.amount);
  s.values[int(Feature::age)] = age_band(double(std::max<int64_t>(0, t - d.created_at)) / kMsPerDay);
  if (d.activities_known) {
    auto end = std::upper_bound(d.activities.begin(), d.activities.end(), t);
    int64_t count = end - d.activities.begin();
    s.values[int(Feature::activities)] = activity_band(count);
    std::optional<double> idle;
    if (count > 0) idle = double(t - *(end - 1)) / kMsPerDay;
    s.values[int(Feature::idle)] = idle_band(idle);
  }
  return s;
}

int stage_at(const DealHistory& d, int64_t t) {
  int current = 0, reached = 0;
  bool any = false;
  for (const auto& e : d.events) {
    if (e.at > t && any) break;
    if (e.kind != 'e') continue;
    any = true;
    current = e.pos;
    reached = std::max(reached, e.pos);
  }
  if (current > 0) return current;
  return std::max(reached, 1);
}

std::vector<Snapshot> training_snapshots(const DealHistory& d, int stage_count) {
  constexpr int64_t kStep = 7 * kMsPerDay;
  constexpr int kMaxExamplesPerStay = 26;  // half a year of weeks
  std::vector<Snapshot> out;
  if (d.status == "open" || stage_count <= 0) return out;
  const bool won = d.status == "won";
  int reached = 0;
  for (const auto& e : d.events)
    if (e.kind == 'e') reached = std::max(reached, e.pos);
  if (won) reached = stage_count;  // metrics.md: a won deal has reached every open stage
  reached = std::min(reached, stage_count);
  const auto& ev = d.events;
  for (int s = 1; s <= reached; ++s) {
    // The first stay at a position >= s; a won deal that skipped the rest is seen as it closed.
    size_t i = 0;
    while (i < ev.size() && !(ev[i].kind == 'e' && ev[i].pos >= s)) ++i;
    int64_t enter, leave;
    if (i < ev.size()) {
      enter = ev[i].at;
      leave = i + 1 < ev.size() ? ev[i + 1].at : d.closed_at;
    } else {
      enter = leave = d.closed_at;
    }
    leave = std::max(leave, enter);
    // An open deal is looked at on any day of its stay, so a stay gives an example each week of it
    // (a deal stuck for two months weighs more than one that moved on in a week); a stay shorter
    // than half a week gives one, at its middle.
    if (leave - enter < kStep / 2) {
      out.push_back(snapshot_at(d, enter + (leave - enter) / 2, s));
      continue;
    }
    for (int64_t t = enter + kStep / 2, k = 0; t < leave && k < kMaxExamplesPerStay; t += kStep, ++k)
      out.push_back(snapshot_at(d, t, s));
  }
  return out;
}

}  // namespace loudou::win
