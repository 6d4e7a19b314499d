#include "tools/cli/payload_json.h"

#include <capnp/serialize.h>

#include <avx/events/capnp_message.h>

#include "codegen/compile.h"
#include "codegen/emit/emitter.h"
#include "codegen/model/names.h"
#include "tools/cli/dynamic_json.h"

namespace avx::tools {
namespace {

using events::Errc;
using events::unexpected;

kj::Path relative_path(std::string path) {
  while (!path.empty() && path.front() == '/') path.erase(0, 1);  // kj paths inside a directory are relative
  return kj::Path::parse(path);
}

}  // namespace

PayloadJson::PayloadJson() : disk_(kj::newDiskFilesystem()), generated_(kj::newInMemoryDirectory(kj::nullClock())) {}

events::Result<std::unique_ptr<PayloadJson>> PayloadJson::load(const std::vector<std::string>& files) {
  codegen::Diagnostics diags;
  codegen::SchemaSet set = codegen::compile_schemas(files, {}, diags);
  if (diags.has_errors()) return unexpected(Errc::kInvalidArgument, diags.to_string());
  std::unique_ptr<PayloadJson> out(new PayloadJson());
  try {
    // Cap'n Proto's own schemas (c++.capnp, json.capnp) come from the system include directory.
    out->usr_include_ = out->disk_->getRoot().openSubdir(kj::Path({"usr", "include"}));
    out->import_path_.push_back(out->usr_include_.get());
    std::vector<std::pair<const codegen::Package*, std::string>> wire_files;
    for (const auto& pkg : set.packages) {
      for (const auto& file : codegen::emit_package(*pkg, {}, diags)) {
        if (file.path.size() < 6 || file.path.compare(file.path.size() - 6, 6, ".capnp") != 0) continue;
        out->generated_->openFile(relative_path(file.path), kj::WriteMode::CREATE | kj::WriteMode::CREATE_PARENT)
            ->writeAll(file.content);
        wire_files.emplace_back(pkg.get(), file.path);
      }
    }
    for (const auto& [pkg, path] : wire_files) {
      capnp::ParsedSchema parsed = out->parser_.parseFromDirectory(
          *out->generated_, relative_path(path), kj::arrayPtr(out->import_path_.data(), out->import_path_.size()));
      for (const codegen::Event& e : pkg->events) {
        std::string type = pkg->name + "." + e.name;
        out->structs_[{type, static_cast<unsigned>(e.version)}] = {parsed.getNested(e.name.c_str()).asStruct(),
                                                                    &e.fields};
        for (const auto& v : e.history) {
          std::string name = codegen::superseded_event_name(e.name, v.version);
          out->structs_[{type, static_cast<unsigned>(v.version)}] = {parsed.getNested(name.c_str()).asStruct(),
                                                                      &v.fields};
        }
      }
    }
  } catch (const kj::Exception& e) {
    return unexpected(Errc::kInternal, std::string("cannot compile the wire schemas: ") + e.getDescription().cStr());
  }
  out->schemas_ = std::move(set);  // packages stay where they are: the fields above point into them
  return out;
}

std::optional<events::Result<std::string>> PayloadJson::to_json(const events::RecordedEvent& event) const {
  auto it = structs_.find({event.type, event.schema_version});
  if (it == structs_.end()) return std::nullopt;
  // The same framing and limits as the generated codecs.
  struct Reading {
    const capnp::StructSchema& schema;
    const std::vector<codegen::Field>& fields;
    std::string json;
  } reading{it->second.first, *it->second.second, {}};
  auto read = events::read_capnp_message(
      event.payload, event.type,
      [](capnp::MessageReader& message, void* context) {
        auto& r = *static_cast<Reading*>(context);
        r.json = dynamic_to_json(message.getRoot<capnp::DynamicStruct>(r.schema), r.fields);
      },
      &reading);
  if (!read) return events::Result<std::string>(events::Unexpected{read.error()});
  return events::Result<std::string>(std::move(reading.json));
}

}  // namespace avx::tools
