#include "codegen/emit/wire_layout.h"

#include <stdexcept>

#include <capnp/schema-parser.h>
#include <kj/exception.h>

#include "codegen/model/types.h"

namespace avx::codegen {
namespace {

// What a field is to Cap'n Proto's layout: its size class, spelled as a Cap'n Proto type.
std::string size_class(const Field& f) {
  if (f.optional) return "AnyPointer";  // optional scalars travel in a one-field struct
  const TypeRef& t = f.type;
  if (t.kind == TypeRef::Kind::kNamed) return t.enum_type != nullptr ? "UInt16" : "AnyPointer";
  if (t.kind != TypeRef::Kind::kPrimitive) return "AnyPointer";
  switch (t.primitive) {
    case Primitive::kBool: return "Bool";
    case Primitive::kInt32: return "Int32";
    case Primitive::kUint32: return "UInt32";
    case Primitive::kFloat32: return "Float32";
    case Primitive::kInt64:
    case Primitive::kTimestamp:
    case Primitive::kDuration: return "Int64";
    case Primitive::kUint64: return "UInt64";
    case Primitive::kFloat64: return "Float64";
    case Primitive::kString:
    case Primitive::kBytes:
    case Primitive::kUuid: return "AnyPointer";
  }
  return "AnyPointer";
}

// A schema file that exists only in memory and imports nothing.
class LayoutFile final : public capnp::SchemaFile {
 public:
  LayoutFile(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {}

  kj::StringPtr getDisplayName() const override { return name_.c_str(); }
  kj::Array<const char> readContent() const override {
    auto out = kj::heapArray<char>(text_.size());
    std::copy(text_.begin(), text_.end(), out.begin());
    return out;
  }
  kj::Maybe<kj::Own<capnp::SchemaFile>> import(kj::StringPtr) const override { return nullptr; }
  bool operator==(const capnp::SchemaFile& other) const override {
    return name_ == static_cast<const LayoutFile&>(other).name_;
  }
  bool operator!=(const capnp::SchemaFile& other) const override { return !(*this == other); }
  size_t hashCode() const override { return std::hash<std::string>()(name_); }
  void reportError(SourcePos, SourcePos, kj::StringPtr message) const override {
    throw std::logic_error("laying out a wire struct: " + std::string(message.cStr()) + " in\n" + text_);
  }

 private:
  std::string name_;
  std::string text_;
};

}  // namespace

struct WireLayouts::Impl {
  capnp::SchemaParser parser;
  std::map<std::string, WireLayout> by_sizes;  // by the fields' size classes, joined
};

WireLayouts::WireLayouts() : impl_(std::make_unique<Impl>()) {}
WireLayouts::~WireLayouts() = default;

const WireLayout& WireLayouts::of(const std::vector<Field>& fields) {
  std::string sizes;
  for (const Field& f : fields) sizes += size_class(f) + ",";
  if (auto it = impl_->by_sizes.find(sizes); it != impl_->by_sizes.end()) return it->second;

  // Each layout is its own file: a file id Cap'n Proto accepts (high bit set), unique per file.
  const std::size_t n = impl_->by_sizes.size();
  char id[24];
  std::snprintf(id, sizeof id, "0x%016llx", 0x8000000000000000ULL | static_cast<unsigned long long>(n + 1));
  std::string text = "@" + std::string(id) + ";\nstruct S {\n";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    text += "  f" + std::to_string(i) + " @" + std::to_string(i) + " :" + size_class(fields[i]) + ";\n";
  }
  text += "}\n";

  WireLayout layout;
  try {
    auto source = kj::heap<LayoutFile>("layout" + std::to_string(n) + ".capnp", text);
    capnp::ParsedSchema file = impl_->parser.parseFile(kj::mv(source));
    capnp::StructSchema s = file.getNested("S").asStruct();
    auto node = s.getProto().getStruct();
    layout.data_words = node.getDataWordCount();
    layout.pointers = node.getPointerCount();
    for (capnp::StructSchema::Field f : s.getFields()) {
      layout.slots.push_back({f.getProto().getSlot().getOffset()});
    }
  } catch (const kj::Exception& e) {
    throw std::logic_error("laying out a wire struct: " + std::string(e.getDescription().cStr()));
  }
  return impl_->by_sizes.emplace(sizes, std::move(layout)).first->second;
}

}  // namespace avx::codegen
