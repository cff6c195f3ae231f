// loudou-cli: the command API on a database file.
//   loudou-cli --db FILE call '<request json>'    one response, on one line
//   loudou-cli --db FILE batch < requests.jsonl   a response line for each request line
// Exit status 0 when every response is ok, 1 otherwise, 2 on a usage error.
#include <cstdio>
#include <iostream>
#include <string>

#include "loudou/engine.h"

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: loudou-cli --db FILE call '<request json>'\n"
               "       loudou-cli --db FILE batch < requests.jsonl\n");
  return 2;
}

bool is_ok(const std::string& response) {
  return response.rfind("{\"ok\":true", 0) == 0;
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
