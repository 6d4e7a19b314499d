#pragma once

// What Clang's LibTooling finds in users' handler code, as plain data (this header has no Clang
// types, so the rest of the tool needs neither Clang's headers nor its -fno-rtti).

#include <map>
#include <set>
#include <string>
#include <vector>

namespace avx::stubcheck {

// Where the tool puts the headers it supplies (generated from the schema, and the runtime's): in
// memory, under a path no user has. Nothing there is the user's.
inline constexpr char kVirtualRoot[] = "/avx-events-virtual/";

struct Spot {
  std::string file;
  int line = 0;
  int column = 0;
  bool operator<(const Spot& other) const;
};

// A `handle` member a user class declares.
struct HandleMethod {
  Spot at;
  std::string signature;  // as declared, e.g. Result<long> handle(const PlaceOrder &, ...)
  bool matches = false;   // same type as the interface's handle (overrides it)
};

// Just after a declaration (the `;` of a class, the `}` of a function body), and the namespace
// it is written in: where `--sync` can insert without touching a byte of it.
struct Place {
  std::string file;
  unsigned offset = 0;
  std::string ns;  // tests::bank; empty at global scope
  bool valid = false;
};

// A user class that implements, or once implemented, a generated handler interface.
struct HandlerClass {
  std::string name;     // qualified, as the user named it
  Spot at;
  std::string interface;  // qualified interface it derives from; empty when its base is unknown
  std::string unknown_base;  // for those: the base as written (GetOrderHandler)
  std::vector<HandleMethod> handles;
  Place end;                      // after its definition
  std::vector<Place> definitions;  // after each out-of-line handle() definition
};

struct CompilerError {
  Spot at;
  std::string message;
};

struct ScanInput {
  std::vector<std::string> files;                  // the user's files to parse, each on its own
  std::vector<std::string> arguments;              // compiler flags (when no compile_commands)
  std::string compile_commands;                    // a compile_commands.json, or empty
  std::vector<std::string> first_arguments;        // before every file's flags
  std::vector<std::string> last_arguments;         // after them
  std::map<std::string, std::string> virtual_files;  // absolute path -> content (generated headers)
  std::set<std::string> interfaces;                // qualified names of the expected interfaces
};

struct ScanResult {
  std::map<std::string, std::string> interfaces;  // qualified name -> its handle's declaration
  std::vector<HandlerClass> classes;              // deduplicated across translation units
  std::vector<CompilerError> errors;              // in the user's files
  std::vector<std::string> failures;              // fatal: a file that could not be parsed through
};

ScanResult scan(const ScanInput& input);

// One spelling per file however it was reached (`./h/x.h`, `/abs/h/x.h`): relative to the working
// directory when under it, else absolute. Spots and places use it.
std::string normal_path(const std::string& file);

}  // namespace avx::stubcheck
