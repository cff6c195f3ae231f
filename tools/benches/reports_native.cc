// The native half of `tools/bench reports`: runs every request of reports_requests.json on a
// database file and prints one JSON line per report: {name, cold_ms, ms (median warm wall time),
// cpu_ms (median warm CPU time of the process: the machine is shared, wall time is noisy), result}.
//   loudou-bench-reports --db FILE --requests reports_requests.json [--runs N]
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <vector>

#include "loudou/engine.h"

int main(int argc, char** argv) {
  std::string db, requests_path;
  int runs = 15;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--db") db = argv[i + 1];
    else if (a == "--requests") requests_path = argv[i + 1];
    else if (a == "--runs") runs = std::max(1, std::atoi(argv[i + 1]));
  }
  if (db.empty() || requests_path.empty()) {
    std::fprintf(stderr, "usage: loudou-bench-reports --db FILE --requests FILE [--runs N]\n");
    return 2;
  }
  std::ifstream in(requests_path);
  auto spec = nlohmann::json::parse(in, nullptr, false);
  if (spec.is_discarded()) return 2;
  auto engine = loudou::Engine::open(db);
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", engine.status().message().c_str());
    return 1;
  }
  auto& e = *engine.value();
  using clock = std::chrono::steady_clock;
  auto cpu_now = [] {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
  };
  for (auto& r : spec["requests"]) {
    nlohmann::json args = r["args"];
    args["pipeline_id"] = "sample-pipeline";
    args["now"] = spec["now"];
    nlohmann::json request = {{"op", r["op"]}, {"args", args}};
    std::string text = request.dump();
    std::vector<double> ms, cpu;
    std::string first;
    for (int k = 0; k <= runs; ++k) {
      double c0 = cpu_now();
      auto t0 = clock::now();
      std::string out = e.call(std::string_view(text));
      double took = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
      cpu.push_back(cpu_now() - c0);
      if (k == 0) first = out;
      ms.push_back(took);
    }
    if (first.rfind("{\"ok\":true", 0) != 0) {
      std::fprintf(stderr, "%s failed: %s\n", r["name"].get<std::string>().c_str(), first.c_str());
      return 1;
    }
    double cold = ms[0];
    auto median_warm = [](std::vector<double> v) {
      v.erase(v.begin());
      std::sort(v.begin(), v.end());
      return v[v.size() / 2];
    };
    nlohmann::json line = {{"name", r["name"]}, {"cold_ms", cold}, {"ms", median_warm(ms)},
                           {"cpu_ms", median_warm(cpu)},
                           {"result_bytes", first.size()}, {"result", nlohmann::json::parse(first)["result"]}};
    std::cout << line.dump() << "\n";
  }
  return 0;
}
