// Transport::publish_async_raw and Transport::flush: js_PublishMsgAsync with a bounded window,
// and resending with the same id (so the stream dedupes) until every event is acknowledged or out
// of time.

#include <algorithm>
#include <thread>

#include "avx/events/nats/transport.h"
#include "runtime/transports/nats/internal/connection.h"
#include "runtime/transports/nats/internal/envelope_headers.h"

namespace avx::events::nats {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Publish options of one attempt: the stream must be ours, and an ack that does not come within
// the attempt's wait is reported to the error handler (which keeps the message for a resend).
jsPubOptions attempt_options(const Options& o) {
  jsPubOptions options;
  jsPubOptions_Init(&options);
  options.ExpectStream = o.stream.c_str();
  options.MaxWait = o.publish_attempt.count();
  return options;
}

std::chrono::milliseconds left_until(Clock::time_point until) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
}

// Sends the messages again; one that cannot be sent now is kept for the next round.
void resend(const Transport::Connection& c, std::vector<natsMsg*> messages) {
  jsPubOptions options = attempt_options(c.options);
  for (natsMsg* m : messages) {
    natsStatus s = js_PublishMsgAsync(c.js, &m, &options);
    if (s != NATS_OK) c.async->fail(m, internal::describe(s));  // m is still ours when the call failed
  }
}

// Hands the messages still waiting for an ack back to the failed ones: their attempt is over.
void reclaim_pending(const Transport::Connection& c) {
  natsMsgList pending{};
  if (js_PublishAsyncGetPendingList(&pending, c.js) != NATS_OK) return;  // NATS_NOT_FOUND: none
  for (int i = 0; i < pending.Count; ++i) {
    c.async->fail(pending.Msgs[i], "no acknowledgement within " + std::to_string(c.options.publish_attempt.count()) + " ms");
    pending.Msgs[i] = nullptr;
  }
  natsMsgList_Destroy(&pending);
}

Status lost_error(const Transport::Connection& c, const internal::AsyncPublishes::Outcome& outcome) {
  std::string ids;
  for (const std::string& id : outcome.lost_ids) ids += (ids.empty() ? "" : ", ") + id;
  if (outcome.lost > outcome.lost_ids.size()) ids += ", ...";
  const auto denied = c.denial(outcome.lost_subject);
  return unexpected(denied ? Errc::kPermissionDenied : Errc::kUnavailable,
                    std::to_string(outcome.lost) + " event(s) not acknowledged by stream " + c.options.stream +
                        " within " + std::to_string(c.options.publish_deadline.count()) +
                        " ms (last error: " + (denied ? *denied : outcome.last_error) + "): " + ids);
}

}  // namespace

Status Transport::publish_async_raw(const RawEnvelope& envelope) {
  const Connection& c = *connection_;
  if (c.async->any_failed()) resend(c, c.async->take_failed());
  auto message = message_for(c, envelope);
  if (!message) return Unexpected{message.error()};
  natsMsg* m = *message;
  jsPubOptions options = attempt_options(c.options);
  const auto until = Clock::now() + c.options.publish_deadline;
  auto pause = 5ms;
  while (true) {
    // NATS_TIMEOUT: the window stayed full for its stall wait. Otherwise, the client could not
    // buffer the message (disconnected with a full reconnect buffer).
    natsStatus s = js_PublishMsgAsync(c.js, &m, &options);
    if (s == NATS_OK) return {};
    if (Clock::now() >= until) {
      natsMsg_Destroy(m);
      return internal::failed("publish " + envelope.type + " " + envelope.metadata.event_id.to_string() + " on " +
                                  envelope.topic + " (stream " + c.options.stream + ")",
                              s);
    }
    if (s != NATS_TIMEOUT) {
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::milliseconds(200));
    }
  }
}

Status Transport::flush() {
  const Connection& c = *connection_;
  std::lock_guard one_at_a_time(c.async->flushing);
  const auto until = Clock::now() + c.options.publish_deadline;
  auto pause = 20ms;
  while (true) {
    if (c.async->any_failed()) resend(c, c.async->take_failed());
    jsPubOptions options;
    jsPubOptions_Init(&options);
    options.MaxWait = std::clamp<std::int64_t>(left_until(until).count(), 1, c.options.publish_attempt.count());
    natsStatus s = js_PublishAsyncComplete(c.js, &options);
    if (s == NATS_TIMEOUT) reclaim_pending(c);
    if (s == NATS_OK && !c.async->any_failed()) break;
    if (Clock::now() >= until) {
      reclaim_pending(c);
      (void)c.async->take_failed(/*give_up=*/true);
      break;
    }
    if (c.async->any_failed()) {  // resend after a pause: the server may be on its way back
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::milliseconds(500));
    }
  }
  auto outcome = c.async->settle();
  if (outcome.lost == 0) return {};
  return lost_error(c, outcome);
}

}  // namespace avx::events::nats
