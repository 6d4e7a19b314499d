#include "avx/events/capnp_message.h"

#include <cstring>
#include <string>

#include <capnp/serialize.h>
#include <kj/exception.h>

#include "avx/events/detail/wire.h"

namespace avx::events {
namespace {

// Reads at most this many times the message's own size: a legitimate message never needs more,
// and it bounds the work an amplification attack (many pointers to one object) can cause.
constexpr std::uint64_t kTraversalFactor = 4;
constexpr int kNestingLimit = 64;

Unexpected decode_failure(std::string_view type_name, std::string_view what) {
  return unexpected(Errc::kInvalidArgument, "cannot decode " + std::string(type_name) + ": " + std::string(what));
}

struct StructRead {
  ReadStruct read;
  void* target;
};

void read_struct_root(capnp::MessageReader& message, void* context) {
  auto* call = static_cast<StructRead*>(context);
  using Root = capnp::_::PointerHelpers<capnp::AnyPointer>;
  call->read(Root::getInternalReader(message.getRoot<capnp::AnyPointer>()).getStruct(nullptr), call->target);
}

struct StructWrite {
  StructShape shape;
  WriteStruct write;
  const void* value;
};

void write_struct_root(capnp::MessageBuilder& message, const void* context) {
  const auto* call = static_cast<const StructWrite*>(context);
  using Root = capnp::_::PointerHelpers<capnp::AnyPointer>;
  capnp::_::StructSize size(call->shape.data_words, call->shape.pointers);
  call->write(Root::getInternalBuilder(message.getRoot<capnp::AnyPointer>()).initStruct(size), call->value);
}

}  // namespace

Status read_capnp_message(std::string_view bytes, std::string_view type_name, ReadMessage read, void* context) {
  if (bytes.empty()) return decode_failure(type_name, "empty input");
  if (bytes.size() % sizeof(capnp::word) != 0) {
    return decode_failure(type_name,
                          "length " + std::to_string(bytes.size()) + " is not a whole number of 8-byte words");
  }
  // Copy: the input may be misaligned, and Cap'n Proto reads words in place.
  auto words = kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word));
  std::memcpy(words.begin(), bytes.data(), bytes.size());
  capnp::ReaderOptions options;
  options.traversalLimitInWords = kTraversalFactor * words.size() + 64;
  options.nestingLimit = kNestingLimit;
  try {
    capnp::FlatArrayMessageReader reader(words, options);
    if (reader.getEnd() != words.end()) return decode_failure(type_name, "trailing bytes after the message");
    read(reader, context);
    return {};
  } catch (const kj::Exception& e) {
    return decode_failure(type_name, e.getDescription().cStr());
  } catch (const wire::DecodeError& e) {
    return decode_failure(type_name, e.what());
  }
}

Bytes write_capnp_message(WriteMessage write, const void* context) {
  capnp::MallocMessageBuilder message;
  write(message, context);
  kj::Array<capnp::word> words = capnp::messageToFlatArray(message);
  kj::ArrayPtr<const kj::byte> bytes = words.asBytes();
  return Bytes(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

Status read_capnp_struct(std::string_view bytes, std::string_view type_name, ReadStruct read, void* target) {
  StructRead call{read, target};
  return read_capnp_message(bytes, type_name, &read_struct_root, &call);
}

Bytes write_capnp_struct(StructShape shape, WriteStruct write, const void* value) {
  const StructWrite call{shape, write, value};
  return write_capnp_message(&write_struct_root, &call);
}

}  // namespace avx::events
