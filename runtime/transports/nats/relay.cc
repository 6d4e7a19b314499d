#include "avx/events/nats/relay.h"

#include <stdexcept>

namespace avx::events::nats {

Relay::Relay(EventStore& store, Transport& transport, const TypeRegistry& registry, RelayOptions options)
    : store_(store), transport_(transport), registry_(registry), options_(std::move(options)) {}

Result<std::unique_ptr<Relay>> Relay::start(EventStore& store, Transport& transport, const TypeRegistry& registry,
                                            RelayOptions options) {
  auto checkpoint = store.load_checkpoint(options.name);
  if (!checkpoint) return Unexpected{checkpoint.error()};
  std::unique_ptr<Relay> relay(new Relay(store, transport, registry, std::move(options)));
  relay->saved_ = relay->stats_.last = *checkpoint;
  CatchUpOptions from;
  from.from = *checkpoint + 1;
  auto subscription =
      CatchUpSubscription::start(store, [r = relay.get()](const RecordedEvent& event) { r->relay(event); }, from);
  if (!subscription) return Unexpected{subscription.error()};
  relay->subscription_ = std::move(*subscription);
  relay->checkpointer_ = std::thread([r = relay.get()] { r->save_periodically(); });
  return relay;
}

Relay::~Relay() { stop(); }

void Relay::stop() {
  if (subscription_) subscription_->stop();
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  if (checkpointer_.joinable()) checkpointer_.join();
  save_checkpoint();
}

void Relay::save_periodically() {
  std::unique_lock lock(mutex_);
  while (!stop_.wait_for(lock, options_.checkpoint_interval, [this] { return stopping_; })) {
    lock.unlock();
    save_checkpoint();  // nothing to do when nothing was relayed since the last one
    lock.lock();
  }
}

RelayStats Relay::stats() const {
  std::lock_guard lock(mutex_);
  RelayStats out = stats_;
  if (subscription_) {
    if (auto sub = subscription_->stats(); sub.error) out.error = sub.error;
  }
  return out;
}

void Relay::relay(const RecordedEvent& event) {
  auto topic = registry_.topic_of(event.type);
  if (!topic) {
    throw std::runtime_error("relay " + options_.name + ": event at position " + std::to_string(event.position) +
                             " has type " + event.type + ", which no registered schema knows: no topic to publish on");
  }
  RawEnvelope raw = from_recorded(event);
  raw.topic = std::string(*topic);
  raw.metadata.aggregate_id = event.stream;  // a stored event's stream is its aggregate
  auto ack = transport_.publish_raw(raw);  // retries with the same id until its deadline
  if (!ack) throw std::runtime_error("relay " + options_.name + ": " + ack.error().message());
  bool due = false;
  {
    std::lock_guard lock(mutex_);
    (ack->duplicate ? stats_.duplicates : stats_.published) += 1;
    stats_.last = event.position;
    due = stats_.last - saved_ >= options_.checkpoint_every;
  }
  if (due) save_checkpoint();
}

void Relay::save_checkpoint() {
  std::lock_guard saving(saving_);
  std::uint64_t last = 0;
  {
    std::lock_guard lock(mutex_);
    if (stats_.last == saved_) return;
    last = stats_.last;
  }
  if (store_.save_checkpoint(options_.name, last)) {
    std::lock_guard lock(mutex_);
    saved_ = last;
  }  // else: kept in memory; the next save retries, and a crash only means resending (deduped)
}

}  // namespace avx::events::nats
