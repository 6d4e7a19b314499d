#include "avx/events/durable_subscription.h"

#include <stdexcept>

namespace avx::events {
namespace {

// Other members' events cost a checkpoint write only this often: after a restart they are read
// and skipped again, which is cheap, while a write per event would be a commit per event.
constexpr std::uint64_t kSkippedBetweenSaves = 256;

Status call(const DurableSubscription::Handler& handler, const RecordedEvent& e) {
  try {
    return handler(e);
  } catch (const std::exception& ex) {
    return unexpected(Errc::kInternal, std::string("handler threw: ") + ex.what());
  } catch (...) {
    return unexpected(Errc::kInternal, "handler threw");
  }
}

}  // namespace

Result<std::unique_ptr<DurableSubscription>> DurableSubscription::start(EventStore& store, Handler handler,
                                                                        DurableOptions options) {
  auto from = join_group(store, options.name, options.group);
  if (!from) return Unexpected{from.error()};
  std::unique_ptr<DurableSubscription> sub(new DurableSubscription(store, std::move(handler), std::move(options)));
  sub->saved_ = *from - 1;
  auto started = CatchUpSubscription::start(
      store, [s = sub.get()](const RecordedEvent& e) { s->on_event(e); },
      {.from = *from, .stream = std::nullopt, .page_size = sub->options_.page_size,
       .live_capacity = sub->options_.live_capacity});
  if (!started) return Unexpected{started.error()};
  sub->subscription_ = std::move(*started);
  if (sub->guard_) sub->guard_->start();
  return sub;
}

DurableSubscription::DurableSubscription(EventStore& store, Handler handler, DurableOptions options)
    : store_(store),
      handler_(std::move(handler)),
      options_(std::move(options)),
      checkpoint_(checkpoint_name(options_.name, options_.group)) {
  if (options_.checkpoint_every == 0) options_.checkpoint_every = 1;
  if (options_.dead_letters != nullptr) {
    guard_ = std::make_unique<DeadLetterGuard>(
        *options_.dead_letters, [this](const RecordedEvent& e) { return call(handler_, e); },
        GuardOptions{.subscription = options_.name, .policy = options_.policy});
  }
}

DurableSubscription::~DurableSubscription() { stop(); }

void DurableSubscription::stop() {
  if (!subscription_) return;
  subscription_->stop();
  if (guard_) guard_->stop();
  const std::uint64_t last = subscription_->stats().last;
  if (last > saved_) {
    // Best effort: a failure here only means those events are delivered again after a restart.
    if (store_.save_checkpoint(checkpoint_, last)) saved_ = last;
  }
  unsaved_ = 0;
}

void DurableSubscription::save(std::uint64_t position) {
  if (auto saved = store_.save_checkpoint(checkpoint_, position); !saved) {
    throw std::runtime_error("checkpoint '" + checkpoint_ + "' not saved: " + saved.error().message());
  }
  saved_ = position;
  unsaved_ = 0;
}

void DurableSubscription::on_event(const RecordedEvent& e) {
  if (!owns(options_.group, e.stream)) {
    ++skipped_;
    if (++unsaved_ >= kSkippedBetweenSaves) save(e.position);
    return;
  }
  Status handled = guard_ ? guard_->deliver(e) : call(handler_, e);
  if (!handled) {
    throw std::runtime_error("'" + options_.name + "' stopped at position " + std::to_string(e.position) + " (" +
                             e.stream + " version " + std::to_string(e.version) + "): " + handled.error().message());
  }
  ++handled_;
  if (++unsaved_ >= options_.checkpoint_every) save(e.position);
}

DurableStats DurableSubscription::stats() const {
  DurableStats s;
  s.handled = handled_;
  s.skipped = skipped_;
  s.checkpoint = saved_;
  if (subscription_) s.catch_up = subscription_->stats();
  if (guard_) s.guard = guard_->stats();
  return s;
}

bool DurableSubscription::wait_for(std::uint64_t last, std::chrono::milliseconds timeout) const {
  return subscription_ && subscription_->wait_for(last, timeout);
}

}  // namespace avx::events
