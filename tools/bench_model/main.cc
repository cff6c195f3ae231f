// loudou-model-bench: the win model's cost and quality, measured in one run.
//   loudou-model-bench [deals=105000] [split=2025-10-01T00:00:00Z]
//   loudou-model-bench --db FILE PIPELINE_ID [split]   (an existing database, e.g. sample.generate's)
// Times are wall clock and, in brackets, CPU time of this process (the machine may be shared).
// Without --db it loads the seeded sample (tests/core/win_sample.h) through the command API into a temporary
// database file, then times a full retrain (model.train: data load + fit + holdout quality, and the fit
// alone), scoring, and prints model.evaluate's table against both baselines.
#include <chrono>
#include <ctime>
#include <cstdio>
#include <string>

#include <unistd.h>

#include "loudou/engine.h"
#include "db.h"
#include "win_eval.h"
#include "win_sample.h"
#include "win_store.h"

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}
double cpu_ms_since(std::clock_t c) { return double(std::clock() - c) * 1000.0 / CLOCKS_PER_SEC; }

json must(loudou::Engine& e, const std::string& op, json args) {
  json r = e.call(json{{"op", op}, {"args", std::move(args)}});
  if (!r.value("ok", false)) {
    std::fprintf(stderr, "%s failed: %s\n", op.c_str(), r.dump().substr(0, 400).c_str());
    std::exit(1);
  }
  return r["result"];
}

void print_table(const json& e) {
  std::printf("\n| method | AUC | log loss | Brier |\n|---|---|---|---|\n");
  auto row = [](const char* name, const json& m) {
    std::printf("| %s | %.3f | %.3f | %.3f |\n", name, m["auc"].get<double>(),
                m["log_loss"].get<double>(), m["brier"].get<double>());
  };
  row("model (naive Bayes + prior)", e["model"]);
  row("historical p(i)", e["baselines"]["historical"]);
  row("configured stage %", e["baselines"]["configured"]);
  std::printf("\nCalibration (test deals per bin: mean predicted → share won)\n\n"
              "| bin | model | historical | configured |\n|---|---|---|---|\n");
  auto cell = [](const json& b) {
    if (b["count"].get<int64_t>() == 0) return std::string("—");
    char buf[64];
    std::snprintf(buf, sizeof buf, "%lld: %.2f → %.2f", (long long)b["count"].get<int64_t>(),
                  b["mean_predicted"].get<double>(), b["observed"].get<double>());
    return std::string(buf);
  };
  for (int i = 0; i < 10; ++i)
    std::printf("| %.1f–%.1f | %s | %s | %s |\n", i / 10.0, (i + 1) / 10.0,
                cell(e["model"]["calibration"][i]).c_str(),
                cell(e["baselines"]["historical"]["calibration"][i]).c_str(),
                cell(e["baselines"]["configured"]["calibration"][i]).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  loudou::test::WinSample o;
  std::string path, split = "2025-10-01T00:00:00Z";
  const bool existing = argc > 3 && std::string(argv[1]) == "--db";
  if (existing) {
    path = argv[2];
    o.pipeline_id = argv[3];
    if (argc > 4) split = argv[4];
  } else {
    o.deals = argc > 1 ? std::stoi(argv[1]) : 105000;
    if (argc > 2) split = argv[2];
    // A file, so a second connection can time the parts of a retrain.
    path = "/tmp/loudou-model-bench-" + std::to_string(::getpid()) + ".db";
    std::remove(path.c_str());
  }
  loudou::EngineOptions opt;
  opt.now_ms = [] { return int64_t(1767225600000); };  // 2026-01-01
  auto opened = loudou::Engine::open(path, std::move(opt));
  if (!opened.ok()) return 1;
  loudou::Engine& e = *opened.value();

  auto t = Clock::now();
  if (!existing) {
    auto requests = loudou::test::win_sample_requests(o);
    for (size_t i = 0; i < requests.size(); i += 20000) {
      json chunk = std::vector<json>(requests.begin() + long(i), requests.begin() + long(std::min(requests.size(), i + 20000)));
      must(e, "batch", {{"requests", chunk}});
    }
    std::printf("sample: %d deals, %zu requests loaded in %.0f ms\n", o.deals, requests.size(), ms_since(t));
  }

  t = Clock::now();
  std::clock_t c = std::clock();
  json info = must(e, "model.train", {{"pipeline_id", o.pipeline_id}});
  const double train_ms = ms_since(t), train_cpu = cpu_ms_since(c);
  std::printf("closed deals: %lld (won %lld, lost %lld)\n", (long long)info["training_size"].get<int64_t>(),
              (long long)info["won"].get<int64_t>(), (long long)info["lost"].get<int64_t>());
  std::printf("model.train (load + fit + holdout quality + store): %.0f ms [cpu %.0f ms]\n", train_ms, train_cpu);

  // The parts, through the same functions the ops use, on a second connection (best of 3).
  {
    auto db = loudou::Db::open(path, "");
    if (!db.ok()) return 1;
    double load_ms = 1e18, fit_ms = 1e18, load_cpu = 1e18, fit_cpu = 1e18;
    for (int rep = 0; rep < 3; ++rep) {
      auto t0 = Clock::now();
      std::clock_t c0 = std::clock();
      auto p = loudou::win::load_pipeline_view(*db.value(), o.pipeline_id);
      auto closed = loudou::win::load_histories(*db.value(), p.value(), loudou::win::Which::closed);
      load_ms = std::min(load_ms, ms_since(t0));
      load_cpu = std::min(load_cpu, cpu_ms_since(c0));
      t0 = Clock::now();
      c0 = std::clock();
      auto m = loudou::win::train(closed.value(), int(p->stages.size()));
      fit_ms = std::min(fit_ms, ms_since(t0));
      fit_cpu = std::min(fit_cpu, cpu_ms_since(c0));
      if (m.won_deals() + m.lost_deals() != info["training_size"].get<int64_t>()) return 1;
    }
    std::printf("  of which (best of 3): load closed deals with events %.0f ms [cpu %.0f], fit %.0f ms [cpu %.0f]\n",
                load_ms, load_cpu, fit_ms, fit_cpu);
  }
  std::printf("quality at training: %s\n", info["quality"].dump().c_str());

  t = Clock::now();
  json many = must(e, "deal.score_many", {{"pipeline_id", o.pipeline_id}, {"sort", "expected_value"}});
  std::printf("deal.score_many over %lld open deals: %.1f ms\n", (long long)many["total"].get<int64_t>(), ms_since(t));
  if (!many["items"].empty()) {
    const std::string id = many["items"][0]["deal_id"];
    t = Clock::now();
    for (int i = 0; i < 20; ++i) must(e, "deal.score", {{"id", id}});
    std::printf("deal.score (stored model): %.2f ms each\n", ms_since(t) / 20);
  }
  t = Clock::now();
  json ev = must(e, "model.evaluate", {{"pipeline_id", o.pipeline_id}, {"split_at", split}});
  std::printf("model.evaluate split %s: %.0f ms; train %lld deals, test %lld deals (won %lld)\n",
              split.c_str(), ms_since(t), (long long)ev["train"]["deals"].get<int64_t>(),
              (long long)ev["test"]["deals"].get<int64_t>(), (long long)ev["test"]["won"].get<int64_t>());
  print_table(ev);
  if (!existing) std::remove(path.c_str());
  return 0;
}
