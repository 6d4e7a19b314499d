#pragma once

// Where Cap'n Proto puts each field of a wire struct, so that the generated codecs write and read
// the slots directly (runtime/codec/detail/wire.h) instead of through capnp's generated
// accessors, one compiled function per field. The layout is Cap'n Proto's own: capnp's compiler
// (capnp::SchemaParser, in memory) lays out a struct made of what layout depends on, each field's
// ordinal and size (a field's type only matters as Bool, 8-64-bit data or a pointer).

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "codegen/model/model.h"

namespace avx::codegen {

// A field's slot: a pointer's index, or a data field's offset in units of its own size (which of the
// two follows from the field's type).
struct WireSlot {
  std::uint32_t offset = 0;
};

struct WireLayout {
  std::uint16_t data_words = 0;
  std::uint16_t pointers = 0;
  std::vector<WireSlot> slots;  // by field position (the wire ordinal)
};

class WireLayouts {
 public:
  WireLayouts();
  ~WireLayouts();
  WireLayouts(const WireLayouts&) = delete;
  WireLayouts& operator=(const WireLayouts&) = delete;

  // The layout of a struct of `fields` in order (the same field sizes give the same layout, which
  // is computed once).
  const WireLayout& of(const std::vector<Field>& fields);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace avx::codegen
