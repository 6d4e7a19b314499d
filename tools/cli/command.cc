#include "tools/cli/command.h"

namespace avx::tools {

void add_action_and_db(CLI::App* command, std::string& action, std::string& db, std::vector<std::string> actions) {
  std::string names;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    names += (i == 0 ? "" : i + 1 == actions.size() ? " or " : ", ") + actions[i];
  }
  command->add_option("action", action, names)->required()->check(CLI::IsMember(actions));
  command->add_option("--db", db, "The store: a SQLite file, or a postgresql:// URL")->required();
}

void add_format_option(CLI::App* command, bool& json) {
  command
      ->add_option_function<std::string>(
          "--format", [&json](const std::string& f) { json = f == "json"; }, "text (default) or json: one object a line")
      ->check(CLI::IsMember({"text", "json"}));
}

void add_schema_option(CLI::App* command, std::vector<std::string>& schemas, const std::string& what) {
  command->add_option("--schema", schemas, what)
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

}  // namespace avx::tools
