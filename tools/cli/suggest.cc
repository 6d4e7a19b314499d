#include "tools/cli/suggest.h"

#include <algorithm>

#include <avx/events/version.h>

namespace avx::tools {

// The release of the toolkit; the generated code format is AVX_EVENTS_VERSION.
constexpr const char* kRelease = "0.3.0";

std::string version_text() {
  return std::string("avx-events ") + kRelease + " (generated code format " + std::to_string(AVX_EVENTS_VERSION) +
         ")";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: Levenshtein plus swaps of neighbours, the commonest typo.
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

std::optional<std::string> unknown_command(const std::vector<std::string>& commands, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return std::nullopt;
  std::string word = argv[1];
  if (std::find(commands.begin(), commands.end(), word) != commands.end()) return std::nullopt;
  std::string best;
  std::size_t best_distance = 3;  // suggest only what is close
  for (const std::string& c : commands) {
    if (std::size_t d = edit_distance(word, c); d < best_distance) best_distance = d, best = c;
  }
  std::string message = "error: unknown command '" + word + "'";
  if (!best.empty()) return message + "; did you mean '" + best + "'?";
  message += "; the commands are";
  for (const std::string& c : commands) message += " " + c;
  return message + " (see --help)";
}

}  // namespace avx::tools
