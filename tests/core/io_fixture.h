// The fixture of the import/export/backup tests: the shared engine fixture (engine_fixture.h)
// under the name these suites use.
#pragma once

#include "engine_fixture.h"

namespace loudou::iotest {

using json = nlohmann::json;
using test::error_codes;
using test::kNow;
using test::open_engine;
using IoTest = test::EngineTest;

}  // namespace loudou::iotest
