#pragma once

// The dead-letter store suite: the guard's behaviour (retry timing on an injected clock, parking,
// per-aggregate order, replay, purge) on every DeadLetterStore backend, and on durable ones,
// letters that survive a restart. A test binary instantiates it with its backends:
//
//   INSTANTIATE_TEST_SUITE_P(Backends, DeadLetters, ::testing::Values(LetterBackend{...}), letter_backend_name);
//   INSTANTIATE_TEST_SUITE_P(Durable, DurableDeadLetters, ::testing::Values(LetterBackend{...}), ...);

#include <functional>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include <avx/events.h>
#include <avx/events/testing/fake_clock.h>

namespace avx::testing {

using LetterOpener = std::function<std::unique_ptr<events::DeadLetterStore>()>;

struct LetterBackend {
  std::string name;
  // A fresh, empty place for one test's letters; the opener it returns opens that place, again
  // after a "restart" on durable backends.
  std::function<LetterOpener()> fresh_place;
};

inline std::string letter_backend_name(const ::testing::TestParamInfo<LetterBackend>& info) { return info.param.name; }

class DeadLetters : public ::testing::TestWithParam<LetterBackend> {
 protected:
  void SetUp() override {
    open_ = GetParam().fresh_place();
    open();
  }
  void open() {
    letters_ = open_();
    ASSERT_NE(letters_, nullptr);
  }
  events::GuardOptions options(events::RetryPolicy policy = {3, std::chrono::milliseconds(100), std::chrono::seconds(10),
                                                             2.0, 0.0}) {
    events::GuardOptions o;
    o.subscription = "projection";
    o.policy = policy;
    o.clock = clock_.function();
    o.seed = 7;
    return o;
  }
  LetterOpener open_;
  std::unique_ptr<events::DeadLetterStore> letters_;
  events::testing::FakeClock clock_;
};

// Backends whose letters outlive the store object.
class DurableDeadLetters : public DeadLetters {};

inline events::RecordedEvent letter_event(std::string stream, std::uint64_t position, std::string payload = "p") {
  events::RecordedEvent e;
  e.stream = std::move(stream);
  e.version = position;
  e.position = position;
  e.event_id = events::EventId::generate();
  e.type = "test.Happened";
  e.payload = std::move(payload);
  e.timestamp = events::now();
  e.origin = {"user-" + e.stream, "projector", {{"tenant", "acme"}}};
  return e;
}

}  // namespace avx::testing
