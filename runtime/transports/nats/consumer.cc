#include "runtime/transports/nats/internal/consumer.h"

#include <chrono>

#include "avx/events/topic.h"
#include "runtime/transports/nats/internal/envelope_headers.h"

namespace avx::events::nats {
namespace {

using internal::describe;

std::int64_t millis(std::chrono::milliseconds d) { return d.count(); }
std::int64_t nanos(std::chrono::milliseconds d) { return std::chrono::nanoseconds(d).count(); }

constexpr int kBatch = 64;
constexpr std::int64_t kFetchWaitMs = 200;  // how soon stop() is noticed

// A durable name per subject: NATS names may not hold `.`, `*` or `>`.
std::string durable_name(const std::string& group, std::size_t index, std::size_t count) {
  std::string out = group;
  for (char& c : out) {
    if (c == '.' || c == '*' || c == '>' || c == ' ') c = '_';
  }
  return count == 1 ? out : out + "_" + std::to_string(index);
}

}  // namespace

Consumer::Consumer(std::string pattern, SubjectPlan plan, RawHandler handler, ConsumeOptions options)
    : pattern_(std::move(pattern)), plan_(std::move(plan)), handler_(std::move(handler)), options_(std::move(options)) {}

Consumer::~Consumer() {
  stop();
  for (natsSubscription* s : subscriptions_) {
    if (options_.group.empty()) natsSubscription_Unsubscribe(s);  // an ephemeral consumer goes too
    natsSubscription_Destroy(s);
  }
}

Status Consumer::open(jsCtx* js, const std::string& stream, std::shared_ptr<const void> connection) {
  connection_ = std::move(connection);
  for (std::size_t i = 0; i < plan_.subjects.size(); ++i) {
    const std::string durable =
        options_.group.empty() ? std::string() : durable_name(options_.group, i, plan_.subjects.size());
    jsSubOptions sub_options;
    jsSubOptions_Init(&sub_options);
    sub_options.Stream = stream.c_str();
    sub_options.ManualAck = true;
    sub_options.Config.AckPolicy = js_AckExplicit;
    sub_options.Config.AckWait = nanos(options_.ack_wait);
    sub_options.Config.MaxDeliver = options_.max_deliver;
    sub_options.Config.DeliverPolicy = js_DeliverAll;
    natsSubscription* subscription = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus s = js_PullSubscribe(&subscription, js, plan_.subjects[i].c_str(),
                                    durable.empty() ? nullptr : durable.c_str(), nullptr, &sub_options, &code);
    if (s != NATS_OK) {
      return unexpected(Errc::kUnavailable, "subscribe " + pattern_ + " (subject " + plan_.subjects[i] + ", stream " +
                                                stream + "): " + describe(s));
    }
    subscriptions_.push_back(subscription);
  }
  return {};
}

void Consumer::start() {
  for (natsSubscription* s : subscriptions_) threads_.emplace_back([this, s] { fetch_loop(s); });
}

void Consumer::stop() {
  stopping_ = true;
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

ConsumeStats Consumer::stats() const { return {handled_.load(), failed_.load(), rejected_.load(), filtered_.load()}; }

void Consumer::fetch_loop(natsSubscription* subscription) {
  while (!stopping_) {
    natsMsgList list{};
    jsErrCode code = static_cast<jsErrCode>(0);
    // nats.c 3.4 may return a timeout early, and returns one whenever nothing came: both only
    // mean "fetch again".
    natsStatus s = natsSubscription_Fetch(&list, subscription, kBatch, kFetchWaitMs, &code);
    if (s == NATS_OK) {
      for (int i = 0; i < list.Count; ++i) handle(list.Msgs[i]);
    }
    natsMsgList_Destroy(&list);  // after every ack: the library owns the messages until here
  }
}

void Consumer::handle(natsMsg* message) {
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
    natsMsg_Term(message, nullptr);
    ++rejected_;
    return;
  }
  if (plan_.filter_locally && !topic_matches(pattern_, envelope->topic)) {
    natsMsg_Ack(message, nullptr);
    ++filtered_;
    return;
  }
  envelope->metadata.position = sequence;
  Status result = [&]() -> Status {
    try {
      return handler_(*envelope, delivery);
    } catch (const std::exception& e) {
      return unexpected(Errc::kInternal, std::string("handler threw: ") + e.what());
    }
  }();
  if (result) {
    natsMsg_Ack(message, nullptr);
    ++handled_;
  } else if (result.error().detail(kRejectDetail)) {
    natsMsg_Term(message, nullptr);
    ++rejected_;
  } else {
    natsMsg_NakWithDelay(message, millis(options_.retry_delay), nullptr);
    ++failed_;
  }
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
