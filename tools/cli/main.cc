// loudou-cli: the command API on a database file.
//   loudou-cli --db FILE call '<request json>'    one response, on one line
//   loudou-cli --db FILE batch < requests.jsonl   a response line for each request line
//   loudou-cli --db FILE report NAME --pipeline ID [--from T --to T --now T --method M --by K
//              --owner ID --source S --industry I --history-from T --history-to T
//              --baseline-from T --baseline-to T --threshold X --min-deals N]
//                                                 report.NAME through `call`, for a quick look
// Exit status 0 when every response is ok, 1 otherwise, 2 on a usage error.
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "loudou/engine.h"

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: loudou-cli --db FILE call '<request json>'\n"
               "       loudou-cli --db FILE batch < requests.jsonl\n"
               "       loudou-cli --db FILE report NAME --pipeline ID [--from T] [--to T] [--now T]\n"
               "                  [--method M] [--by K] [--owner ID] [--source S] [--industry I] ...\n");
  return 2;
}

bool is_ok(const std::string& response) {
  return response.rfind("{\"ok\":true", 0) == 0;
}

// The request for `report NAME --pipeline ID ...`; nullopt on a usage error.
std::optional<nlohmann::json> report_request(int argc, char** argv, int i) {
  if (i >= argc) return std::nullopt;
  std::string name = argv[i++];
  nlohmann::json args = nlohmann::json::object(), filters = nlohmann::json::object();
  for (; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag.rfind("--", 0) != 0 || i + 1 >= argc) return std::nullopt;
    std::string key = flag.substr(2), value = argv[++i];
    for (auto& c : key)
      if (c == '-') c = '_';
    if (key == "pipeline") key = "pipeline_id";
    if (key == "owner") key = "owner_id";
    if (key == "owner_id" || key == "source" || key == "industry") filters[key] = value;
    else if (key == "threshold") args[key] = std::atof(value.c_str());
    else if (key == "min_deals") args[key] = std::atoll(value.c_str());
    else args[key] = value;  // the engine says which keys it does not know
  }
  if (!filters.empty()) args["filters"] = filters;
  return nlohmann::json{{"op", "report." + name}, {"args", args}};
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path, command;
  int i = 1;
  for (; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db" && i + 1 < argc) db_path = argv[++i];
    else if (a.rfind("--db=", 0) == 0) db_path = a.substr(5);
    else if (a == "-h" || a == "--help") return usage(), 0;
    else { command = a; ++i; break; }
  }
  if (db_path.empty() || command.empty()) return usage();

  auto engine = loudou::Engine::open(db_path);
  if (!engine.ok()) {
    std::fprintf(stderr, "loudou-cli: %s\n", engine.status().message().c_str());
    return 1;
  }
  auto& e = *engine.value();

  if (command == "call") {
    if (i >= argc) return usage();
    std::string response = e.call(std::string_view(argv[i]));
    std::cout << response << "\n";
    return is_ok(response) ? 0 : 1;
  }
  if (command == "report") {
    auto request = report_request(argc, argv, i);
    if (!request) return usage();
    std::string response = e.call(std::string_view(request->dump()));
    std::cout << response << "\n";
    return is_ok(response) ? 0 : 1;
  }
  if (command == "batch") {
    bool all_ok = true;
    std::string line;
    while (std::getline(std::cin, line)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      std::string response = e.call(std::string_view(line));
      all_ok = all_ok && is_ok(response);
      std::cout << response << "\n";
    }
    return all_ok ? 0 : 1;
  }
  return usage();
}
