#pragma once

// A store by URL, as configuration and command lines name it:
//
//   postgresql://user@host/db?...  or  postgres://...   PostgreSQL (a libpq URI)
//   sqlite:PATH  or any other text                      the SQLite file at PATH
//
//   auto store = open_store(std::getenv("AVX_STORE_URL") ? std::getenv("AVX_STORE_URL") : "app.db");

#include <memory>
#include <string>
#include <string_view>

#include "avx/events/dlq/dead_letter.h"
#include "avx/events/result.h"
#include "avx/events/store.h"

namespace avx::events {

struct OpenStoreOptions {
  // Look, never touch: nothing is created (a missing store is an error) and writes are refused.
  bool read_only = false;
  // With read_only: keep seeing what other processes append (SQLite; PostgreSQL always does).
  bool follow = false;
};

bool is_postgres_url(std::string_view url);
// The URL as logs may show it: a password in it (postgresql://user:secret@host, or any other
// scheme://user:secret@host such as a NATS URL) becomes ***.
std::string redacted_url(std::string_view url);
// The SQLite path a URL names; empty for a PostgreSQL URL.
std::string sqlite_path(std::string_view url);

Result<std::unique_ptr<EventStore>> open_store(const std::string& url, OpenStoreOptions options = {});
// The dead letters kept beside the store that `url` names.
Result<std::unique_ptr<DeadLetterStore>> open_dead_letters(const std::string& url, bool read_only = false);

}  // namespace avx::events
