#include "runtime/transports/nats/internal/consumer.h"

#include <chrono>

#include "avx/events/topic.h"
#include "runtime/transports/nats/internal/connection.h"
#include "runtime/transports/nats/internal/envelope_headers.h"

namespace avx::events::nats {
namespace {

using internal::describe;

std::int64_t nanos(std::chrono::milliseconds d) { return std::chrono::nanoseconds(d).count(); }

constexpr int kBatch = 64;
constexpr std::int64_t kFetchWaitMs = 200;  // how soon stop() is noticed

}  // namespace

Consumer::Consumer(std::string pattern, SubjectPlan plan, std::uint32_t partitions, RawHandler handler,
                   ConsumeOptions options)
    : pattern_(std::move(pattern)),
      plan_(std::move(plan)),
      feeds_(feeds(plan_, partitions)),
      handler_(std::move(handler)),
      options_(std::move(options)) {
  name_ = !options_.name.empty() ? options_.name : !options_.group.empty() ? options_.group : pattern_;
  if (options_.dead_letters != nullptr) {
    GuardOptions guard;
    guard.subscription = name_;
    guard.policy = options_.retry;
    replays_ = std::make_unique<DeadLetterGuard>(
        *options_.dead_letters,
        [this](const RecordedEvent& event) { return run_handler(from_recorded(event), Delivery{}); }, guard);
  }
}

Consumer::~Consumer() {
  stop();
  for (Source& s : sources_) {
    if (options_.group.empty()) natsSubscription_Unsubscribe(s.subscription);  // an ephemeral consumer goes too
    natsSubscription_Destroy(s.subscription);
  }
}

Status Consumer::open(std::shared_ptr<Transport::Connection> connection) {
  connection_ = std::move(connection);
  jsCtx* js = connection_->js;
  const std::string& stream = connection_->options.stream;
  for (std::size_t i = 0; i < feeds_.size(); ++i) {
    const Feed& feed = feeds_[i];
    const std::string durable = options_.group.empty() ? std::string() : durable_name(options_.group, feed.subject);
    jsSubOptions sub_options;
    jsSubOptions_Init(&sub_options);
    sub_options.Stream = stream.c_str();
    sub_options.ManualAck = true;
    sub_options.Config.AckPolicy = js_AckExplicit;
    sub_options.Config.AckWait = nanos(options_.ack_wait);
    sub_options.Config.DeliverPolicy = js_DeliverAll;
    const std::string description = kGroupDescription + options_.group;  // what lag() groups by
    if (!options_.group.empty()) sub_options.Config.Description = description.c_str();
    // A partition is handled one event at a time, across all members: its order holds, also
    // through retries (the next event waits for the failing one's ack, or its parking).
    if (feed.partition) sub_options.Config.MaxAckPending = 1;
    natsSubscription* subscription = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    const std::uint64_t mark = connection_->denials();
    natsStatus s = js_PullSubscribe(&subscription, js, feed.subject.c_str(),
                                    durable.empty() ? nullptr : durable.c_str(), nullptr, &sub_options, &code);
    if (s != NATS_OK) {
      const std::string what = "subscribe " + pattern_ + " (subject " + feed.subject + ", stream " + stream + ")";
      // A request the server's permissions drop is answered by nobody: say why, not "timeout".
      if (auto why = connection_->denial_since(mark)) return unexpected(Errc::kPermissionDenied, what + ": " + *why);
      return internal::failed(what, s, code);
    }
    sources_.push_back({feed, subscription, i});
  }
  return {};
}

void Consumer::start() {
  heartbeat_ = std::make_unique<internal::Heartbeat>(options_.ack_wait, sources_.size());
  heartbeat_->start();
  for (const Source& s : sources_) threads_.emplace_back([this, &s] { fetch_loop(s); });
  if (replays_) replays_->start();
}

void Consumer::stop() {
  stopping_ = true;
  if (replays_) replays_->stop();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
  if (heartbeat_) heartbeat_->stop();
}

ConsumeStats Consumer::stats() const {
  return {.handled = handled_.load(),
          .failed = failed_.load(),
          .rejected = rejected_.load(),
          .dead_lettered = dead_lettered_.load(),
          .filtered = filtered_.load()};
}

void Consumer::fetch_loop(const Source& source) {
  std::mt19937_64 random(std::random_device{}());  // the retry policy's jitter
  while (!stopping_) {
    natsMsgList list{};
    jsErrCode code = static_cast<jsErrCode>(0);
    // nats.c 3.4 may return a timeout early, and returns one whenever nothing came: both only
    // mean "fetch again".
    // A partition has at most one event in flight: asking for more would wait out the fetch.
    const int batch = source.feed.partition ? 1 : kBatch;
    natsStatus s = natsSubscription_Fetch(&list, source.subscription, batch, kFetchWaitMs, &code);
    if (s == NATS_OK) {
      for (int i = 0; i < list.Count; ++i) handle(list.Msgs[i], source, random);
    }
    natsMsgList_Destroy(&list);  // after every ack: the library owns the messages until here
  }
}

void Consumer::handle(natsMsg* message, const Source& source, std::mt19937_64& random) {
  const Feed& feed = source.feed;
  jsMsgMetaData* meta = nullptr;
  Delivery delivery;
  std::uint64_t sequence = 0;
  if (natsMsg_GetMetaData(&meta, message) == NATS_OK) {
    delivery.attempt = meta->NumDelivered;
    sequence = meta->Sequence.Stream;
    jsMsgMetaData_Destroy(meta);
  }
  auto envelope = internal::from_message(message);
  if (!envelope) {
    RecordedEvent unreadable;
    unreadable.stream = natsMsg_GetSubject(message);
    unreadable.position = sequence;
    unreadable.type = "(not an avx event)";
    unreadable.payload.assign(natsMsg_GetData(message), static_cast<std::size_t>(natsMsg_GetDataLength(message)));
    return reject(message, unreadable, envelope.error().message());
  }
  envelope->metadata.position = sequence;
  std::optional<std::uint32_t> partition;
  topic_of_subject(natsMsg_GetSubject(message), &partition);
  if ((plan_.filter_locally && !topic_matches(pattern_, envelope->topic)) ||
      (feed.filter_partition && partition.value_or(0) != feed.partition)) {
    natsMsg_Ack(message, nullptr);
    ++filtered_;
    return;
  }
  heartbeat_->begin(source.slot, message);
  Status result = run_handler(*envelope, delivery);
  heartbeat_->end(source.slot);
  if (result) {
    natsMsg_Ack(message, nullptr);
    ++handled_;
  } else if (result.error().detail(kRejectDetail)) {
    reject(message, to_recorded(*envelope), result.error().message());
  } else if (options_.dead_letters != nullptr && delivery.attempt >= options_.retry.max_attempts) {
    ++failed_;
    park(message, to_recorded(*envelope), delivery.attempt, result.error().message());
  } else {
    ++failed_;
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
        options_.retry.backoff(static_cast<std::uint32_t>(delivery.attempt), random));
    natsMsg_NakWithDelay(message, wait.count(), nullptr);
  }
}

Status Consumer::run_handler(const RawEnvelope& envelope, const Delivery& delivery) {
  return transports::call_handler(handler_, envelope, delivery);
}

void Consumer::park(natsMsg* message, const RecordedEvent& event, std::uint64_t attempts, std::string error) {
  DeadLetter letter = transports::parked_letter(name_, event, static_cast<std::uint32_t>(attempts), std::move(error));
  if (auto added = options_.dead_letters->add(std::move(letter)); !added) {
    natsMsg_Nak(message, nullptr);  // kept in the stream: tried again once the dead letters are back
    return;
  }
  natsMsg_Term(message, nullptr);
  ++dead_lettered_;
}

void Consumer::reject(natsMsg* message, const RecordedEvent& event, std::string error) {
  ++rejected_;
  if (options_.dead_letters != nullptr) return park(message, event, 1, std::move(error));
  natsMsg_Term(message, nullptr);
}

Subscription::Subscription(std::shared_ptr<Consumer> consumer) : consumer_(std::move(consumer)) {}
Subscription::Subscription(Subscription&&) noexcept = default;
Subscription& Subscription::operator=(Subscription&&) noexcept = default;
Subscription::~Subscription() { stop(); }

void Subscription::stop() {
  if (consumer_) consumer_->stop();
}

ConsumeStats Subscription::stats() const { return consumer_ ? consumer_->stats() : ConsumeStats{}; }

}  // namespace avx::events::nats
