// The pieces of a graceful stop: the work gate and the stop signals.

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "avx/events/stop_signals.h"
#include "avx/events/work_gate.h"

namespace avx::events::service {
namespace {

using namespace std::chrono_literals;

TEST(WorkGate, CountsWorkInsideAndRefusesItOnceClosed) {
  WorkGate gate;
  {
    auto a = gate.enter();
    auto b = gate.enter();
    ASSERT_TRUE(a && b);
    EXPECT_EQ(gate.in_flight(), 2u);
  }
  EXPECT_EQ(gate.in_flight(), 0u);
  gate.close();
  EXPECT_TRUE(gate.closed());
  EXPECT_FALSE(gate.enter());
  EXPECT_TRUE(gate.drain(std::chrono::steady_clock::now()));
}

TEST(WorkGate, DrainWaitsForWorkInsideToLeave) {
  WorkGate gate;
  auto ticket = gate.enter();
  std::thread worker([t = std::move(*ticket)]() mutable {
    std::this_thread::sleep_for(50ms);
    auto done = std::move(t);  // leaves the gate here
  });
  gate.close();
  EXPECT_TRUE(gate.drain(std::chrono::steady_clock::now() + 30s));
  EXPECT_EQ(gate.in_flight(), 0u);
  worker.join();
}

TEST(WorkGate, DrainGivesUpAtTheDeadline) {
  WorkGate gate;
  auto stuck = gate.enter();
  gate.close();
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(gate.drain(start + 20ms));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 20ms);
  EXPECT_EQ(gate.in_flight(), 1u);
}

TEST(StopSignals, ASigtermIsWaitedForInsteadOfKillingTheProcess) {
  StopSignals signals;
  StopSignals::request_stop();  // SIGTERM to this process: blocked, so it waits for wait()
  EXPECT_EQ(signals.wait(), SIGTERM);
  raise(SIGINT);
  EXPECT_EQ(signals.wait(), SIGINT);
  EXPECT_EQ(StopSignals::name(SIGTERM), "SIGTERM");
  EXPECT_EQ(StopSignals::name(SIGINT), "SIGINT");
}

}  // namespace
}  // namespace avx::events::service
