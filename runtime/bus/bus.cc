#include "avx/events/bus.h"

#include <memory>

namespace avx::events {
namespace {

class FunctionSlot final : public detail::Slot {
 public:
  FunctionSlot(void (*handle)(void*, const void*), void* context)
      : Slot(&FunctionSlot::call), handle_(handle), context_(context) {}

 private:
  static bool call(Slot& slot, const void* envelope) noexcept {
    auto& self = static_cast<FunctionSlot&>(slot);
    return self.run_guarded([&] { self.handle_(self.context_, envelope); });
  }

  void (*handle_)(void*, const void*);
  void* context_;
};

}  // namespace

// Flattened: the channel's publish and the metadata's destructor inline, compiled once here for
// every event type.
[[gnu::flatten]] PublishResult EventBus::deliver(detail::Channel& channel, detail::ReaderRecord& record,
                                                 const void* envelope, Metadata& metadata, std::string_view type) {
  struct End {
    Metadata& metadata;
    ~End() { std::destroy_at(&metadata); }
  } end{metadata};
  stamp(metadata, type, options_.clock, options_.source);
  auto fanout = channel.publish(envelope, record);
  return {fanout.delivered, fanout.rejected};
}

Subscription EventBus::subscribe_erased(std::size_t type_id, std::string_view type,
                                        void (*handle)(void* context, const void* envelope), void* context) {
  return add(type_id, type, std::make_shared<FunctionSlot>(handle, context));
}

Subscription EventBus::add(std::size_t type_id, std::string_view type, std::shared_ptr<detail::Slot> slot) {
  std::shared_ptr<detail::Channel> channel = channels_.get_or_create(type_id, type);
  channel->add(slot);
  std::weak_ptr<detail::Channel> weak = channel;
  return Subscription(std::move(slot), [weak](const detail::Slot* s) {
    if (auto c = weak.lock()) c->remove(s);
  });
}

}  // namespace avx::events
