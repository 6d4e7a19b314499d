#include "runtime/transports/redis/internal/client.h"

#include <charconv>
#include <csignal>
#include <sys/time.h>

#include <hiredis/sds.h>

namespace avx::events::redis::internal {
namespace {

timeval to_timeval(std::chrono::milliseconds d) {
  return {static_cast<time_t>(d.count() / 1000), static_cast<suseconds_t>((d.count() % 1000) * 1000)};
}

bool parse_number(std::string_view text, int& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

Unexpected bad_url(std::string_view url, const std::string& why) {
  return unexpected(Errc::kInvalidArgument, "redis URL '" + std::string(url) + "': " + why);
}

// hiredis writes with write(2): a server gone mid-write would end the process with SIGPIPE. Left
// at its default, SIGPIPE is ignored from the first connection on (as nats.c does), so the write
// fails with EPIPE and the connection is reported lost; a handler the program set stays.
void ignore_sigpipe() {
  static const bool done = [] {
    struct sigaction current {};
    if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) std::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)done;
}

}  // namespace

std::string_view text(const redisReply* reply) {
  if (reply == nullptr || reply->str == nullptr) return {};
  if (reply->type != REDIS_REPLY_STRING && reply->type != REDIS_REPLY_STATUS && reply->type != REDIS_REPLY_ERROR) {
    return {};
  }
  return {reply->str, reply->len};
}

Result<Endpoint> parse_url(std::string_view url) {
  Endpoint e;
  if (url.starts_with("unix://")) {
    std::string_view rest = url.substr(7);
    if (auto q = rest.find("?db="); q != std::string_view::npos) {
      if (!parse_number(rest.substr(q + 4), e.db) || e.db < 0) return bad_url(url, "db is not a number");
      rest = rest.substr(0, q);
    }
    if (rest.empty() || rest.front() != '/') return bad_url(url, "a Unix socket needs an absolute path");
    e.unix_path = std::string(rest);
    e.display = std::string(url);
    return e;
  }
  if (!url.starts_with("redis://")) return bad_url(url, "expected redis://host[:port][/db] or unix:///path");
  std::string_view rest = url.substr(8);
  std::string shown = "redis://";
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view credentials = rest.substr(0, at);
    auto colon = credentials.find(':');
    e.password = std::string(colon == std::string_view::npos ? credentials : credentials.substr(colon + 1));
    shown += "***@";
    rest = rest.substr(at + 1);
  }
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    std::string_view db = rest.substr(slash + 1);
    if (!db.empty() && (!parse_number(db, e.db) || e.db < 0)) return bad_url(url, "db is not a number");
    rest = rest.substr(0, slash);
  }
  if (auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    if (!parse_number(rest.substr(colon + 1), e.port) || e.port <= 0 || e.port > 65535) {
      return bad_url(url, "the port is not a number from 1 to 65535");
    }
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) return bad_url(url, "no host");
  e.host = std::string(rest);
  e.display = shown + e.host + ":" + std::to_string(e.port) + (e.db != 0 ? "/" + std::to_string(e.db) : "");
  return e;
}

Result<std::unique_ptr<Client>> Client::open(const Endpoint& endpoint, std::chrono::milliseconds timeout) {
  ignore_sigpipe();
  std::unique_ptr<Client> client(new Client(endpoint, timeout));
  if (auto connected = client->connect(); !connected) return Unexpected{connected.error()};
  return client;
}

Client::~Client() {
  if (context_ != nullptr) redisFree(context_);
}

Status Client::connect() {
  if (context_ != nullptr) redisFree(context_);
  const timeval tv = to_timeval(timeout_);
  context_ = endpoint_.unix_path.empty() ? redisConnectWithTimeout(endpoint_.host.c_str(), endpoint_.port, tv)
                                         : redisConnectUnixWithTimeout(endpoint_.unix_path.c_str(), tv);
  if (context_ == nullptr) return unexpected(Errc::kUnavailable, "redis " + endpoint_.display + ": out of memory");
  if (context_->err != 0) return lost("connect");
  redisSetTimeout(context_, tv);
  if (!endpoint_.password.empty()) {
    if (auto auth = command({"AUTH", endpoint_.password}); !auth) return Unexpected{auth.error()};
  }
  if (endpoint_.db != 0) {
    const std::string db = std::to_string(endpoint_.db);
    if (auto select = command({"SELECT", db}); !select) return Unexpected{select.error()};
  }
  return {};
}

Status Client::reconnect() { return connect(); }

Unexpected Client::lost(std::string_view what) const {
  const std::string why = context_ != nullptr && context_->err != 0 ? context_->errstr : "connection lost";
  return unexpected(Errc::kUnavailable, "redis " + endpoint_.display + ": " + std::string(what) + ": " + why);
}

Result<Reply> Client::command(const std::vector<std::string_view>& args, std::chrono::milliseconds blocks) {
  append(args);
  if (blocks.count() == 0 || context_ == nullptr) return read();
  redisSetTimeout(context_, to_timeval(timeout_ + blocks));
  auto reply = read();
  if (context_ != nullptr) redisSetTimeout(context_, to_timeval(timeout_));
  return reply;
}

namespace {

template <class Args>
void append_to(redisContext* context, const Args& args, std::vector<const char*>& argv,
               std::vector<std::size_t>& lengths) {
  argv.clear();
  lengths.clear();
  for (const auto& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  if (context != nullptr) redisAppendCommandArgv(context, static_cast<int>(argv.size()), argv.data(), lengths.data());
}

}  // namespace

void Client::append(const std::vector<std::string_view>& args) { append_to(context_, args, argv_, lengths_); }

void Client::append(std::span<const std::string> args) { append_to(context_, args, argv_, lengths_); }

Result<Reply> Client::read() {
  if (!ok()) return lost("read");
  void* raw = nullptr;
  if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) return lost("read");
  Reply reply(static_cast<redisReply*>(raw));
  if (reply->type == REDIS_REPLY_ERROR) {
    const std::string_view message = text(reply.get());
    // A server that is still reading its data after a restart answers -LOADING: not ready yet.
    const Errc code = message.starts_with("LOADING") ? Errc::kUnavailable : Errc::kInternal;
    return unexpected(code, "redis " + endpoint_.display + ": " + std::string(message));
  }
  return reply;
}

std::size_t Client::queued_bytes() const { return context_ != nullptr ? sdslen(context_->obuf) : 0; }

Status Client::send_queued() {
  int done = 0;
  while (ok() && done == 0) {
    if (redisBufferWrite(context_, &done) != REDIS_OK) return lost("write");
  }
  return ok() ? Status{} : Status(lost("write"));
}

}  // namespace avx::events::redis::internal
