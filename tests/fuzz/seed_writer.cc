// Writes the binary seeds of the codec fuzz target: a full event and an empty one.
//   bazel run //tests/fuzz:seed_writer -- $PWD/tests/fuzz/corpus/codec

#include <fstream>
#include <string>

#include "tests/schemas/all_types.avx.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  using namespace tests::all;
  Everything full;
  full.text = "h\xc3\xa9llo";
  full.blob = std::string("\0\xff", 2);
  full.i64 = -5;
  full.shape = Shape{"tri", {{0, 1}, {2, 3}}, Color::RED};
  full.names = {"a", ""};
  full.grid = {{1, 2}, {}};
  full.by_name = {{"k", Shape{}}};
  full.counts = {{"x", 1}};
  full.nested = {{"o", {{"i", "v"}}}};
  full.maybe_int = 0;
  full.maybe_shape = Shape{"opt", {}, Color::BLUE};
  std::ofstream(std::string(argv[1]) + "/full.bin", std::ios::binary) << avx::events::encode(full);
  std::ofstream(std::string(argv[1]) + "/empty.bin", std::ios::binary) << avx::events::encode(Everything{});
  std::ofstream(std::string(argv[1]) + "/../json/full.json", std::ios::binary) << avx::events::to_json(full);
  return 0;
}
