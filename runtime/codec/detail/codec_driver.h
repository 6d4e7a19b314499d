#pragma once

// The parts of every generated codec that do not depend on the type: framing, limits against
// hostile input, and turning every failure into an error value.

#include <cstring>
#include <string>
#include <string_view>

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/exception.h>

#include "avx/events/codec.h"
#include "avx/events/detail/wire.h"

namespace avx::events::wire {

// Reads at most this many times the message's own size: a legitimate message never needs more,
// and it bounds the work an amplification attack (many pointers to one object) can cause.
inline constexpr std::uint64_t kTraversalFactor = 4;
inline constexpr int kNestingLimit = 64;

Result<kj::Array<capnp::word>> copy_to_words(std::string_view bytes, std::string_view type_name);

// The limits every reader of untrusted bytes uses, for a message of `words` words.
inline capnp::ReaderOptions reader_options(std::size_t words) {
  capnp::ReaderOptions options;
  options.traversalLimitInWords = kTraversalFactor * words + 64;
  options.nestingLimit = kNestingLimit;
  return options;
}
Unexpected decode_failure(std::string_view type_name, std::string_view what);

template <class Wire, class T>
Bytes encode_message(const T& value) {
  capnp::MallocMessageBuilder message;
  avx_write(message.initRoot<Wire>(), value);
  kj::Array<capnp::word> words = capnp::messageToFlatArray(message);
  kj::ArrayPtr<const kj::byte> bytes = words.asBytes();
  return Bytes(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

template <class Wire, class T>
Result<T> decode_message(std::string_view bytes, std::string_view type_name) {
  auto words = copy_to_words(bytes, type_name);
  if (!words) return Unexpected{words.error()};
  try {
    capnp::FlatArrayMessageReader reader(*words, reader_options(words->size()));
    if (reader.getEnd() != words->end()) {
      return decode_failure(type_name, "trailing bytes after the message");
    }
    T out{};
    avx_read(reader.getRoot<Wire>(), out);
    return out;
  } catch (const kj::Exception& e) {
    return decode_failure(type_name, e.getDescription().cStr());
  } catch (const DecodeError& e) {
    return decode_failure(type_name, e.what());
  }
}

}  // namespace avx::events::wire
