#pragma once

// One Cap'n Proto compiler for a whole run (capnp::SchemaParser, from libcapnpc): every `.capnp`
// file is compiled once, however many files import it. Files are read from disk, relative
// imports resolve against the importing file and absolute ones (`/shop/common.capnp`) against the
// workspace root, like YAML imports; `/avx/events/annotations.capnp` is built in. The compiler's
// own errors become diagnostics at its positions.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <capnp/schema-parser.h>

#include "codegen/model/diagnostics.h"

namespace avx::codegen {

inline constexpr char kAnnotationsImport[] = "/avx/events/annotations.capnp";

// The annotations file, compiled: the ids to recognise annotations by, and the types of values.
struct CapnpAnnotations {
  capnp::ParsedSchema file;
  std::uint64_t package = 0, topics = 0, event = 0, history = 0, aggregate = 0, command = 0, query = 0;
  std::uint64_t optional = 0, deprecated = 0, timestamp = 0, duration = 0, uuid = 0, map = 0;
  capnp::StructSchema topic_info, event_info, history_info, aggregate_info, command_info, query_info;
};

// An import a file made: as written, and resolved to a path under the workspace root.
struct CapnpImport {
  std::string written;
  std::string path;
};

class CapnpSession {
 public:
  CapnpSession(std::string root, Diagnostics& diags);
  ~CapnpSession();
  CapnpSession(const CapnpSession&) = delete;
  CapnpSession& operator=(const CapnpSession&) = delete;

  // Compiles `path`, whose content is `text`. Nullopt when it, or what it uses, has errors
  // (reported); the compiler's output is then not safe to read.
  std::optional<capnp::ParsedSchema> compile(const std::string& path, std::string text);
  // A file imported by an earlier compiled one, by its path under the root.
  std::optional<capnp::ParsedSchema> compile_import(const std::string& path);
  // What `path` imported (in no particular order), the annotations file excluded.
  std::vector<CapnpImport> imports_of(const std::string& path) const;

  const CapnpAnnotations& annotations() const { return annotations_; }

  struct Impl;

 private:
  std::optional<capnp::ParsedSchema> compile_file(const std::string& path, std::optional<std::string> text);

  std::unique_ptr<Impl> impl_;
  CapnpAnnotations annotations_;
};

}  // namespace avx::codegen
