#pragma once

// The two services of the distributed example. Each runs in a process of its own, connected to
// NATS or Redis at `url` (transports.h), until SIGTERM; then it prints what it saw and returns its
// exit code.

#include <string>

namespace examples::shop {

template <class Via>
int run_orders(const std::string& url);
template <class Via>
int run_shipping(const std::string& url, const std::string& member);

// Blocks until SIGTERM or SIGINT (blocked in every thread by block_stop_signals, called first).
void block_stop_signals();
void wait_for_stop_signal();

}  // namespace examples::shop
