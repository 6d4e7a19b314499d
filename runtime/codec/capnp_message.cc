#include "avx/events/capnp_message.h"

#include <cstdint>
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
constexpr std::size_t kStackWords = 64;  // misaligned messages up to 512 bytes are copied to the stack

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
  // Cap'n Proto reads words in place: aligned input is read where it is (a std::string's heap
  // buffer always is), misaligned input from a copy (on the stack when small).
  const std::size_t n = bytes.size() / sizeof(capnp::word);
  kj::Array<capnp::word> heap_copy;
  capnp::word stack_copy[kStackWords];
  kj::ArrayPtr<const capnp::word> words;
  if (reinterpret_cast<std::uintptr_t>(bytes.data()) % alignof(capnp::word) == 0) {
    words = kj::arrayPtr(reinterpret_cast<const capnp::word*>(bytes.data()), n);
  } else if (n <= kStackWords) {
    std::memcpy(stack_copy, bytes.data(), bytes.size());
    words = kj::arrayPtr(stack_copy, n);
  } else {
    heap_copy = kj::heapArray<capnp::word>(n);
    std::memcpy(heap_copy.begin(), bytes.data(), bytes.size());
    words = heap_copy.asPtr();
  }
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
