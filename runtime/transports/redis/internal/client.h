#pragma once

// One connection to Redis (hiredis's synchronous context): commands as argument lists (binary
// safe), replies owned, errors as Results. A lost connection is kUnavailable; reconnect() opens
// it again (with AUTH and SELECT). Not thread-safe: one user at a time.

#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <hiredis/hiredis.h>

#include "avx/events/result.h"

namespace avx::events::redis::internal {

// Where a server is: redis://[[user]:password@]host[:port][/db] or unix:///path[?db=N].
struct Endpoint {
  std::string unix_path;  // set for unix://
  std::string host;
  int port = 6379;
  std::string password;
  int db = 0;
  std::string display;  // the URL without its password, for messages
};
Result<Endpoint> parse_url(std::string_view url);

struct FreeReply {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, FreeReply>;

// A reply's string (or status) as a view; empty for other kinds.
std::string_view text(const redisReply* reply);

class Client {
 public:
  // Connects within `timeout`; a read waits at most `timeout` (plus what the command blocks).
  static Result<std::unique_ptr<Client>> open(const Endpoint& endpoint, std::chrono::milliseconds timeout);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Runs a command; a server error (-ERR ...) is an error. `blocks`: how long the command itself
  // may wait (XREAD BLOCK), beyond which the read still waits the connection's timeout.
  Result<Reply> command(const std::vector<std::string_view>& args,
                        std::chrono::milliseconds blocks = std::chrono::milliseconds(0));
  // Pipelining: queues a command (sent once the buffer is large, or by read()); its reply comes
  // from read(), in order.
  void append(const std::vector<std::string_view>& args);
  void append(std::span<const std::string> args);  // the same, for arguments that own their bytes
  Result<Reply> read();
  std::size_t queued_bytes() const;
  Status send_queued();  // writes what append() queued, without reading replies

  bool ok() const { return context_ != nullptr && context_->err == 0; }
  Status reconnect();
  const Endpoint& endpoint() const { return endpoint_; }

 private:
  Client(const Endpoint& endpoint, std::chrono::milliseconds timeout) : endpoint_(endpoint), timeout_(timeout) {}
  Status connect();
  Unexpected lost(std::string_view what) const;

  Endpoint endpoint_;
  std::chrono::milliseconds timeout_;
  redisContext* context_ = nullptr;
  // append()'s argument pointers and lengths, kept between calls: no allocation per command.
  std::vector<const char*> argv_;
  std::vector<std::size_t> lengths_;
};

}  // namespace avx::events::redis::internal
