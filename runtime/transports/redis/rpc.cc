#include "avx/events/redis/request_reply.h"

#include <atomic>
#include <charconv>
#include <thread>

#include "avx/events/transports/envelope_fields.h"
#include "runtime/transports/redis/internal/client.h"
#include "runtime/transports/redis/internal/consumer.h"
#include "runtime/transports/redis/internal/entries.h"
#include "runtime/transports/redis/internal/shared.h"

namespace avx::events::redis {
namespace {

constexpr const char* kGroup = "avx.rpc";
constexpr const char* kMostRequests = "10000";  // a request stream keeps about this many (MAXLEN ~)
constexpr const char* kReplyTtlMs = "60000";    // an unread reply (its requester gave up) goes after this
// Beside the origin (as events carry it: internal::kFields), a request's own fields.
constexpr std::string_view kReplyTo = "reply", kCorrelation = "corr", kDeadline = "deadline", kPayload = "payload";
constexpr std::string_view kCode = "code", kMessage = "message";

std::int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The first entry of a one-stream XREAD/XREADGROUP reply: its id and fields, or nulls.
std::pair<std::string_view, const redisReply*> first_entry(const redisReply* reply) {
  if (reply == nullptr || reply->type != REDIS_REPLY_ARRAY || reply->elements == 0) return {{}, nullptr};
  const redisReply* stream = reply->element[0];
  if (stream->type != REDIS_REPLY_ARRAY || stream->elements != 2 || stream->element[1]->elements == 0) {
    return {{}, nullptr};
  }
  const redisReply* entry = stream->element[1]->element[0];
  if (entry->type != REDIS_REPLY_ARRAY || entry->elements != 2) return {{}, nullptr};
  return {internal::text(entry->element[0]), entry->element[1]};
}

}  // namespace

std::string request_key(std::string_view prefix, std::string_view type) {
  return std::string(prefix) + "rpc:" + std::string(type);
}

// A thread that reads requests in the group and answers each.
struct Responder::State {
  std::shared_ptr<Transport::Shared> shared;
  std::unique_ptr<internal::Client> client;
  transports::RawResponse respond;
  std::string key, member;
  std::atomic<bool> stopping{false};
  std::thread thread;

  ~State() {
    stopping = true;
    if (thread.joinable()) thread.join();
  }

  void run() {
    while (!stopping) {
      auto reply = client->command({"XREADGROUP", "GROUP", kGroup, member, "COUNT", "1", "BLOCK",
                                    internal::kBlockMs, "STREAMS", key, ">"},
                                   internal::kBlock);
      if (!reply) {
        std::this_thread::sleep_for(internal::kReconnectPause);
        if (!client->ok()) (void)client->reconnect();
        if (reply.error().message().find("NOGROUP") != std::string::npos) (void)join();
        continue;
      }
      auto [id, fields] = first_entry(reply->get());
      if (fields != nullptr) answer(id, internal::EntryFields(fields));
    }
  }

  Status join() {
    auto made = client->command({"XGROUP", "CREATE", key, kGroup, "0", "MKSTREAM"});
    if (!made && made.error().message().find("BUSYGROUP") == std::string::npos) return Unexpected{made.error()};
    return {};
  }

  void answer(std::string_view id, const internal::EntryFields& request) {
    const std::string reply_to(request.get(kReplyTo));
    std::int64_t deadline = 0;
    const std::string_view d = request.get(kDeadline);
    std::from_chars(d.data(), d.data() + d.size(), deadline);
    const bool awaited = !reply_to.empty() && unix_ms() <= deadline;  // else nobody waits for it any more
    if (awaited) {
      Result<std::string> out = run_handler(request);
      std::vector<std::string_view> args{"XADD", reply_to, "*"};
      const std::string code = out ? "" : to_string(out.error().code());
      if (out) {
        args.insert(args.end(), {kPayload, *out});
      } else {
        args.insert(args.end(), {kCode, code, kMessage, out.error().message()});
      }
      client->append(args);
      client->append({"PEXPIRE", reply_to, kReplyTtlMs});
    }
    client->append({"XACK", key, kGroup, id});
    client->append({"XDEL", key, id});
    for (int i = 0; i < (awaited ? 4 : 2); ++i) (void)client->read();
  }

  Result<std::string> run_handler(const internal::EntryFields& request) {
    DispatchContext context;
    context.correlation_id = std::string(request.get(kCorrelation));
    if (context.correlation_id.empty()) context.correlation_id = EventId::generate().to_string();
    context.message_id = EventId::generate();  // this dispatch's, as the in-process buses make one
    if (auto origin = transports::read_origin(internal::kFields, request, context.origin); !origin) {
      return Unexpected{origin.error()};
    }
    try {
      return respond(request.get(kPayload), context);
    } catch (const std::exception& e) {
      return unexpected(Errc::kInternal, std::string("responder threw: ") + e.what());
    } catch (...) {
      return unexpected(Errc::kInternal, "responder threw");
    }
  }
};

Responder::Responder(std::unique_ptr<State> state) : state_(std::move(state)) {}
Responder::Responder(Responder&&) noexcept = default;
Responder& Responder::operator=(Responder&&) noexcept = default;
Responder::~Responder() = default;

namespace detail {

Result<Responder> respond_raw(Transport& transport, std::string_view type, transports::RawResponse respond) {
  auto state = std::make_unique<Responder::State>();
  state->shared = transport.shared();
  auto client = internal::Client::open(state->shared->endpoint, state->shared->options.connect_timeout);
  if (!client) return Unexpected{client.error()};
  state->client = std::move(*client);
  state->respond = std::move(respond);
  state->key = request_key(state->shared->options.key_prefix, type);
  static std::atomic<int> counter{0};
  state->member = "responder-" + EventId::generate().to_string() + "-" + std::to_string(++counter);
  if (auto joined = state->join(); !joined) return Unexpected{joined.error()};
  Responder::State* running = state.get();
  state->thread = std::thread([running] { running->run(); });
  return Responder(std::move(state));
}

Result<std::string> request_raw(Transport& transport, std::string_view type, std::string payload,
                                const RequestOptions& options) {
  if (auto origin = check_origin(options.origin); !origin) {
    return unexpected(Errc::kInvalidArgument, "request " + std::string(type) + " not sent: " + origin.error().message());
  }
  auto& shared = *transport.shared();
  auto client = shared.take();
  if (!client) return Unexpected{client.error()};
  const auto timeout = std::max<std::int64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(options.timeout).count(), 1);
  const std::string reply_to = shared.options.key_prefix + "reply:" + EventId::generate().to_string();
  const std::string deadline = std::to_string(unix_ms() + timeout);
  std::vector<std::string> args{"XADD", request_key(shared.options.key_prefix, type), "MAXLEN", "~", kMostRequests, "*",
                                std::string(kReplyTo), reply_to, std::string(kDeadline), deadline,
                                std::string(kPayload), std::move(payload)};
  if (!options.correlation_id.empty()) args.insert(args.end(), {std::string(kCorrelation), options.correlation_id});
  (void)transports::write_origin(options.origin, internal::kFields, [&](std::string_view name, std::string value) {
    args.emplace_back(name);
    args.push_back(std::move(value));
  });
  auto sent = (*client)->command({args.begin(), args.end()});
  if (!sent) return Unexpected{sent.error()};
  const std::string block = std::to_string(timeout);
  auto reply = (*client)->command({"XREAD", "BLOCK", block, "STREAMS", reply_to, "0"},
                                  std::chrono::milliseconds(timeout));
  if (!reply) return Unexpected{reply.error()};
  auto [id, fields] = first_entry(reply->get());
  if (fields == nullptr) {
    shared.give_back(std::move(*client));
    return unexpected(Errc::kTimeout, std::string(type) + ": no reply within " + std::to_string(timeout) +
                                          " ms (no responder running, or none answered in time)");
  }
  const internal::EntryFields answer(fields);
  Result<std::string> out = std::string(answer.get(kPayload));
  if (const auto code = answer.get(kCode); !code.empty()) {
    out = unexpected(transports::errc_named(code), std::string(answer.get(kMessage)));
  }
  (void)(*client)->command({"DEL", reply_to});
  shared.give_back(std::move(*client));
  return out;
}

}  // namespace detail
}  // namespace avx::events::redis
