// The two front ends on the same schema: 500 events (8 fields each: scalars, a record, a list, a
// map, an optional and a default) written in YAML and in Cap'n Proto, each loaded and checked
// with compile_schemas, as every command does. The YAML front end is the baseline.
//
//   bazel run -c opt //tests/bench:frontend_bench

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <benchmark/benchmark.h>

#include "codegen/compile.h"

namespace {

namespace fs = std::filesystem;
constexpr int kEvents = 500;

std::string yaml_schema() {
  std::string s = "package: bench.front\nenums:\n  Level: [LOW, HIGH]\ntypes:\n  Money:\n    fields:\n"
                  "      cents: int64\n      currency: string\nevents:\n";
  for (int i = 0; i < kEvents; ++i) {
    std::string n = std::to_string(i);
    s += "  Happened" + n + ":\n    fields:\n      order_id: string\n      count: int32\n      amount: Money\n"
         "      at: timestamp\n      tags: list<string>\n      attrs: map<string, int64>\n"
         "      note: {type: string, optional: true}\n      level: {type: Level, default: HIGH}\n";
  }
  return s;
}

std::string capnp_schema() {
  std::string s = "@0xe1d2c3b4a5968778;\nusing Avx = import \"/avx/events/annotations.capnp\";\n"
                  "$Avx.package(\"bench.front\");\nenum Level { low @0; high @1; }\n"
                  "struct Money { cents @0 :Int64; currency @1 :Text; }\n"
                  "struct AttrEntry { key @0 :Text; value @1 :Int64; }\n";
  for (int i = 0; i < kEvents; ++i) {
    s += "struct Happened" + std::to_string(i) + " $Avx.event() {\n  orderId @0 :Text;\n  count @1 :Int32;\n"
         "  amount @2 :Money;\n  at @3 :Int64 $Avx.timestamp;\n  tags @4 :List(Text);\n"
         "  attrs @5 :List(AttrEntry) $Avx.map;\n  note @6 :Text $Avx.optional;\n  level @7 :Level = high;\n}\n";
  }
  return s;
}

std::string write(const std::string& name, const std::string& text) {
  const char* tmp = std::getenv("TMPDIR");
  fs::path path = fs::path(tmp ? tmp : "/tmp") / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

void compile(benchmark::State& state, const std::string& path) {
  for (auto _ : state) {
    avx::codegen::Diagnostics diags;
    auto set = avx::codegen::compile_schemas({path}, {}, diags);
    if (diags.has_errors() || set.roots.size() != 1 || set.roots[0]->events.size() != kEvents) {
      state.SkipWithError(("schema did not compile: " + diags.to_string()).c_str());
      return;
    }
    benchmark::DoNotOptimize(set);
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * kEvents,
                                                  benchmark::Counter::kIsRate);
}

void BM_Baseline_YamlFrontEnd(benchmark::State& state) {
  static const std::string path = write("avx_frontend_bench.yaml", yaml_schema());
  compile(state, path);
}
BENCHMARK(BM_Baseline_YamlFrontEnd)->Unit(benchmark::kMillisecond);

void BM_Avx_CapnpFrontEnd(benchmark::State& state) {
  static const std::string path = write("avx_frontend_bench.capnp", capnp_schema());
  compile(state, path);
}
BENCHMARK(BM_Avx_CapnpFrontEnd)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
