// The graceful stop, step by step (ShopService::stop).

#include <thread>

#include "examples/production_service/shop_parts.h"

namespace examples::shop {

namespace {

std::chrono::milliseconds left(std::chrono::steady_clock::time_point deadline) {
  auto now = std::chrono::steady_clock::now();
  return now >= deadline ? std::chrono::milliseconds(0)
                         : std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
}

}  // namespace

bool ShopService::Parts::drain(const std::string& reason) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(config.shutdown_deadline_ms);
  bus.publish(avx::system::ServiceStopping{identity, avx::events::now(), reason, gate.in_flight()});
  // 1. Readiness fails at once, so the load balancer stops sending; new commands are refused.
  http.set_draining();
  gate.close();
  // 2. Commands already running finish: what they answered 200 for is stored.
  bool drained = gate.drain(deadline);
  // 3. The receipt mailer catches up with everything stored, then saves its checkpoint.
  std::uint64_t head = head_or_zero(*store);
  drained = receipts->wait_for(head, left(deadline)) && drained;
  receipts->stop();
  // 3b. With NATS: the relay puts everything stored on the stream, then saves its checkpoint.
  drained = drain_relay(deadline) && drained;
  // 4. The audit log's queue empties.
  while (audit.stats().queued > 0 && left(deadline).count() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  drained = audit.stats().queued == 0 && drained;
  audit.unsubscribe();
  audit_pool.join();
  // 5. Stop serving, then close the store.
  http.stop();
  exports.clear();
  subscriptions.clear();
  std::uint64_t stored = head_or_zero(*store);
  receipts.reset();
  relay.reset();
  transport.reset();
  orders.reset();
  store.reset();
  letters.reset();
  backend.reset();
  if (drained) {
    log->info("stopped ({}): everything drained; {} events stored, {} receipts sent, {} orders audited", reason,
              stored, mailer.sent(), audited.load());
  } else {
    log->error("stopped ({}): the {} ms deadline passed with work still running", reason, config.shutdown_deadline_ms);
  }
  log->flush();
  return drained;
}

}  // namespace examples::shop
