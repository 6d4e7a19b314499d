#include "runtime/transports/nats/internal/async_publishes.h"

#include <utility>

#include "runtime/transports/nats/internal/envelope_headers.h"

namespace avx::events::nats::internal {
namespace {

constexpr std::size_t kLostIdsShown = 5;

}  // namespace

AsyncPublishes::~AsyncPublishes() {
  for (natsMsg* m : failed_) natsMsg_Destroy(m);
}

void AsyncPublishes::on_error(jsCtx*, jsPubAckErr* error, void* closure) {
  std::string why = describe(error->Err);
  if (error->ErrText != nullptr && *error->ErrText != '\0') why += std::string(" (") + error->ErrText + ")";
  static_cast<AsyncPublishes*>(closure)->fail(error->Msg, why);
  error->Msg = nullptr;  // ours now: nats.c destroys what is left in the field
}

void AsyncPublishes::fail(natsMsg* message, const std::string& why) {
  std::lock_guard lock(mutex_);
  give_up_.try_emplace(std::string(header(message, kMsgId)), Clock::now() + deadline_);
  failed_.push_back(message);
  outcome_.last_error = why;
  any_failed_.store(true, std::memory_order_release);
}

std::vector<natsMsg*> AsyncPublishes::take_failed(bool give_up) {
  std::lock_guard lock(mutex_);
  std::vector<natsMsg*> out;
  const auto now = Clock::now();
  for (natsMsg* m : failed_) {
    std::string id(header(m, kMsgId));
    if (auto it = give_up_.find(id); give_up || (it != give_up_.end() && it->second <= now)) {
      if (outcome_.lost++ == 0) outcome_.lost_subject = natsMsg_GetSubject(m);
      if (outcome_.lost_ids.size() < kLostIdsShown) outcome_.lost_ids.push_back(std::move(id));
      natsMsg_Destroy(m);
    } else {
      out.push_back(m);
    }
  }
  failed_.clear();
  any_failed_.store(false, std::memory_order_release);
  return out;
}

AsyncPublishes::Outcome AsyncPublishes::settle() {
  std::lock_guard lock(mutex_);
  give_up_.clear();
  return std::exchange(outcome_, Outcome{});
}

}  // namespace avx::events::nats::internal
