#pragma once

// Decodes stored payloads to JSON from schema files alone, without the compiled schema library:
// the schemas go through our front end and emitter to their Cap'n Proto wire schema, which Cap'n
// Proto's SchemaParser compiles in memory; payloads are then read dynamically and printed in the
// generated codecs' JSON mapping (dynamic_json.h).

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <capnp/schema-parser.h>
#include <kj/filesystem.h>

#include <avx/events/store.h>

#include "codegen/model/model.h"

namespace avx::tools {

class PayloadJson {
 public:
  // Loads `files` (and their imports). Fails with the schema errors, one per line.
  static events::Result<std::unique_ptr<PayloadJson>> load(const std::vector<std::string>& files);

  // nullopt when these schemas do not know the event's type and version.
  std::optional<events::Result<std::string>> to_json(const events::RecordedEvent& event) const;

 private:
  PayloadJson();

  kj::Own<kj::Filesystem> disk_;
  kj::Own<const kj::ReadableDirectory> usr_include_;
  kj::Own<kj::Directory> generated_;
  std::vector<const kj::ReadableDirectory*> import_path_;
  capnp::SchemaParser parser_;
  codegen::SchemaSet schemas_;  // the model the fields below point into
  // (type, version) -> its wire struct and the schema's fields
  std::map<std::pair<std::string, unsigned>, std::pair<capnp::StructSchema, const std::vector<codegen::Field>*>>
      structs_;
};

}  // namespace avx::tools
