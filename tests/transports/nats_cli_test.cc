// `avx-events nats lag` against a real server: the lag of each group, as text and JSON, and a clear
// error when no server answers.

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <avx/events/nats/transport.h>

#include "tools/dev/nats_server.h"
#include "tools/cli/nats_command.h"

namespace {

using avx::events::RawEnvelope;
using avx::events::Status;
using ::testing::HasSubstr;

TEST(NatsLagCommand, PrintsEachGroupsLag) {
  avx::dev::NatsServer server;
  avx::events::nats::Options o;
  o.url = server.url();
  auto t = avx::events::nats::Transport::connect(o);
  ASSERT_TRUE(t);
  ASSERT_TRUE((*t)->ensure_stream({"t.**"}));
  avx::events::nats::ConsumeOptions group;
  group.group = "billing";
  {
    auto sub = (*t)->subscribe_raw("t.*", [](const RawEnvelope&, const auto&) -> Status { return {}; }, group);
    ASSERT_TRUE(sub);
  }
  for (int i = 0; i < 3; ++i) {
    RawEnvelope e;
    e.topic = "t.x";
    e.type = "t.X";
    avx::events::stamp(e.metadata, "t.X");
    ASSERT_TRUE((*t)->publish_raw(e));
  }

  avx::tools::NatsOptions options;
  options.action = "lag";
  options.url = server.url();
  std::ostringstream out, err;
  EXPECT_EQ(avx::tools::run_nats(options, out, err), 0) << err.str();
  EXPECT_EQ(out.str(), "billing: pending 3, ack pending 0, redelivered 0 (1 consumer)\n");

  options.json = true;
  std::ostringstream json;
  EXPECT_EQ(avx::tools::run_nats(options, json, err), 0);
  auto line = nlohmann::json::parse(json.str());
  EXPECT_EQ(line["group"], "billing");
  EXPECT_EQ(line["pending"], 3);
}

TEST(NatsLagCommand, NoServerIsAClearErrorAndExitTwo) {
  avx::tools::NatsOptions options;
  options.action = "lag";
  options.url = "nats://127.0.0.1:1";
  std::ostringstream out, err;
  EXPECT_EQ(avx::tools::run_nats(options, out, err), 2);
  EXPECT_THAT(err.str(), HasSubstr("cannot connect to NATS at nats://127.0.0.1:1"));
}

}  // namespace
