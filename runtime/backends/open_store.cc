#include "avx/events/open_store.h"

#include "avx/events/postgres.h"
#include "avx/events/sqlite.h"

namespace avx::events {

bool is_postgres_url(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::string redacted_url(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  const std::size_t start = scheme + 3;
  const std::size_t at = url.find('@', start);
  const std::size_t colon = url.find(':', start);
  if (at == std::string_view::npos || colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

std::string sqlite_path(std::string_view url) {
  if (is_postgres_url(url)) return {};
  if (url.starts_with("sqlite:")) url.remove_prefix(7);
  return std::string(url);
}

Result<std::unique_ptr<EventStore>> open_store(const std::string& url, OpenStoreOptions options) {
  if (is_postgres_url(url)) return open_postgres_store(url, {.read_only = options.read_only});
  if (options.read_only) return open_sqlite_store_read_only(sqlite_path(url), options.follow);
  return open_sqlite_store(sqlite_path(url));
}

Result<std::unique_ptr<DeadLetterStore>> open_dead_letters(const std::string& url, bool read_only) {
  if (is_postgres_url(url)) return open_postgres_dead_letters(url, read_only);
  return open_sqlite_dead_letters(sqlite_path(url), read_only);
}

}  // namespace avx::events
