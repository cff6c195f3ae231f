// What the win model sees of a deal: its path through the stages and the eight features, as they
// stood at one instant. Pure functions over a DealHistory (no database), so the same code builds
// training examples, scores open deals and replays the past for model.evaluate.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace loudou::win {

// The features besides the stage (the stage conditions the model; see win_model.h). Order is
// part of the stored model format.
enum class Feature { source, industry, owner, amount, age, activities, idle };
constexpr int kFeatureCount = 7;
constexpr std::array<Feature, kFeatureCount> kFeatures = {
    Feature::source, Feature::industry, Feature::owner,     Feature::amount,
    Feature::age,    Feature::activities, Feature::idle};

// "source", "industry", "owner", "amount", "age", "activities", "idle".
const char* feature_key(Feature f);
// Feature names as a person reads them.
const char* feature_label_zh(Feature f);
const char* feature_label_en(Feature f);

// One change of stage or outcome, in history order. pos is the stage's active position (1..n), or
// 0 for a stage since removed from the pipeline.
struct Event {
  int64_t at = 0;
  char kind = 'e';  // 'e' entered a stage (create, move, reopen), 'w' won, 'l' lost
  int pos = 0;
};

struct DealHistory {
  std::string id;
  std::string status;  // open, won, lost (now)
  int64_t created_at = 0;
  int64_t closed_at = 0;  // the last outcome, for closed deals
  int64_t amount = 0;     // minor units (分)
  std::optional<std::string> source, industry, owner_id;
  std::vector<Event> events;        // ordered by (at, seq)
  std::vector<int64_t> activities;  // done_at of the deal's done activities, ascending
  bool activities_known = false;    // false: there is no activity table; those features are absent
};

// The deal as the model sees it at one instant: the stage it is conditioned on and the value key
// of each feature (nullopt: absent — unknown source, no activity table, ...).
struct Snapshot {
  int stage = 1;  // 1..n
  std::array<std::optional<std::string>, kFeatureCount> values;
};

// Band keys. Amount in 元 ("0", "0-10000", "10000-50000", ..., "1000000+"), age in days ("0-7",
// ... "180+"), activity count ("0", "1-2", ...), days since the last done activity ("0-3", ...,
// "30+", or "none" when no activity was done yet).
std::string amount_band(int64_t amount_minor);
std::string age_band(double days);
std::string activity_band(int64_t count);
std::string idle_band(std::optional<double> days);
// The band's words: zh "1万–5万元" / en "¥10k–50k"; feature values that are not bands come back as
// they are.
std::string value_label(Feature f, const std::string& key, bool zh);

// The features at instant t for a deal conditioned on `stage` (only data up to t is used).
Snapshot snapshot_at(const DealHistory& d, int64_t t, int stage);

// The active stage position a deal was in at t (its latest entry event at or before t; a removed
// stage counts as the highest active stage reached so far; at least 1).
int stage_at(const DealHistory& d, int64_t t);

// Training examples of a closed deal for each stage s it reached (a won deal reached all n): the
// features at moments of its first stay at a position >= s — one each week of the stay, from half
// a week in (at most 26), or one at the middle of a shorter stay — the kinds of moment at which an
// open deal in stage s is scored. Empty for open deals.
std::vector<Snapshot> training_snapshots(const DealHistory& d, int stage_count);

}  // namespace loudou::win
