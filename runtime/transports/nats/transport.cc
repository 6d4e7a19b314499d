#include "avx/events/nats/transport.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <thread>

#include "avx/events/nats/subjects.h"
#include "avx/events/topic.h"
#include "runtime/transports/nats/internal/connection.h"
#include "runtime/transports/nats/internal/consumer.h"
#include "runtime/transports/nats/internal/envelope_headers.h"

namespace avx::events::nats {
namespace {

using internal::failed;
using namespace std::chrono_literals;

// The subjects of the stream: those of every pattern's plan, once.
Result<std::vector<std::string>> stream_subjects(const std::vector<std::string>& patterns, std::uint32_t partitions) {
  std::vector<std::string> out;
  for (const std::string& p : patterns) {
    auto plan = plan_subjects(p);
    if (!plan) return Unexpected{plan.error()};
    for (std::string& s : nats::stream_subjects(*plan, partitions)) {
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace

Transport::Transport(std::shared_ptr<Connection> connection) : connection_(std::move(connection)) {}
Transport::~Transport() { (void)flush(); }  // what it returns is documented as the caller's to read

const std::string& Transport::url() const { return connection_->url; }

bool Transport::connected() const {
  return natsConnection_Status(connection_->connection) == NATS_CONN_STATUS_CONNECTED;
}

Result<std::unique_ptr<Transport>> Transport::connect(Options options) {
  auto c = Connection::open(std::move(options));
  if (!c) return Unexpected{c.error()};
  return std::unique_ptr<Transport>(new Transport(std::move(*c)));
}

Status Transport::ensure_stream(const std::vector<std::string>& patterns) {
  auto wanted = stream_subjects(patterns, connection_->options.partitions);
  if (!wanted) return Unexpected{wanted.error()};
  const Options& o = connection_->options;
  jsStreamInfo* info = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  std::vector<std::string> subjects;  // what the stream has, then what it lacks
  natsStatus s = js_GetStreamInfo(&info, connection_->js, o.stream.c_str(), nullptr, &code);
  const bool exists = s == NATS_OK;
  const auto ns = [](auto d) { return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count(); };
  // The server wants the duplicate window inside the age limit: an event that is gone cannot be
  // told apart from a resend anyway.
  const auto window = o.max_age.count() > 0 ? std::min<std::chrono::seconds>(o.duplicate_window, o.max_age)
                                            : o.duplicate_window;
  bool same_limits = false;
  if (exists) {
    for (int i = 0; i < info->Config->SubjectsLen; ++i) subjects.emplace_back(info->Config->Subjects[i]);
    same_limits = info->Config->Duplicates == ns(window) && info->Config->MaxAge == ns(o.max_age);
    jsStreamInfo_Destroy(info);
  }
  const std::size_t had = subjects.size();
  for (std::string& w : *wanted) {
    if (std::find(subjects.begin(), subjects.end(), w) == subjects.end()) subjects.push_back(std::move(w));
  }
  if (exists && subjects.size() == had && same_limits) return {};
  std::vector<const char*> names;
  for (const std::string& subject : subjects) names.push_back(subject.c_str());
  jsStreamConfig config;
  jsStreamConfig_Init(&config);
  config.Name = o.stream.c_str();
  config.Subjects = names.data();
  config.SubjectsLen = static_cast<int>(names.size());
  config.Storage = js_FileStorage;
  config.Duplicates = ns(window);
  config.MaxAge = ns(o.max_age);
  info = nullptr;
  s = exists ? js_UpdateStream(&info, connection_->js, &config, nullptr, &code)
             : js_AddStream(&info, connection_->js, &config, nullptr, &code);
  jsStreamInfo_Destroy(info);
  if (s != NATS_OK) return failed("stream " + o.stream + " on " + connection_->url, s, code);
  return {};
}

Result<natsMsg*> message_for(const Transport::Connection& connection, const RawEnvelope& envelope) {
  if (auto valid = validate_topic(envelope.topic); !valid) return Unexpected{valid.error()};
  if (envelope.metadata.event_id.is_nil()) {  // the stream dedupes on it: every event needs its own
    return unexpected(Errc::kInvalidArgument, "publish " + envelope.type + ": the event has no id (stamp its metadata)");
  }
  const Metadata& m = envelope.metadata;
  const std::uint32_t partitions = connection.options.partitions;
  if (partitions == 0) return internal::to_message(envelope, envelope.topic);
  const std::string& key = m.aggregate_id.empty() ? m.event_id.to_string() : m.aggregate_id;
  return internal::to_message(envelope, partitioned_subject(envelope.topic, partition_of(key, partitions)));
}

Result<PublishAck> Transport::publish_raw(const RawEnvelope& envelope) {
  auto message = message_for(*connection_, envelope);
  if (!message) return Unexpected{message.error()};
  const std::string id = envelope.metadata.event_id.to_string();
  jsPubOptions options;
  jsPubOptions_Init(&options);
  options.MsgId = id.c_str();
  options.ExpectStream = connection_->options.stream.c_str();
  auto until = std::chrono::steady_clock::now() + connection_->options.publish_deadline;
  auto pause = 20ms;
  while (true) {
    jsPubAck* ack = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    // Bounded per attempt: an ack lost with a crashed server would otherwise use up the deadline.
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    options.MaxWait = std::clamp<std::int64_t>(left.count(), 1, connection_->options.publish_attempt.count());
    natsStatus s = js_PublishMsg(&ack, connection_->js, *message, &options, &code);
    if (s == NATS_OK) {
      PublishAck out{ack->Sequence, ack->Duplicate};
      jsPubAck_Destroy(ack);
      natsMsg_Destroy(*message);
      return out;
    }
    const std::string what = "publish " + envelope.type + " " + id + " on " + envelope.topic + " (stream " +
                             connection_->options.stream + ")";
    if (auto why = connection_->denial(natsMsg_GetSubject(*message))) {  // the server dropped it: final
      natsMsg_Destroy(*message);
      return unexpected(Errc::kPermissionDenied, what + ": " + *why);
    }
    // Same id every time: a resend of what the stream already stored is dropped as a duplicate.
    if (std::chrono::steady_clock::now() + pause >= until) {
      natsMsg_Destroy(*message);
      return failed(what, s, code);
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(500));
  }
}

Result<std::vector<GroupLag>> Transport::lag(std::string_view group) {
  jsConsumerInfoList* list = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  const std::string& stream = connection_->options.stream;
  natsStatus s = js_Consumers(&list, connection_->js, stream.c_str(), nullptr, &code);
  if (s == NATS_NOT_FOUND) return std::vector<GroupLag>();  // no stream, or no consumer yet
  if (s != NATS_OK) return failed("consumers of stream " + stream + " on " + connection_->url, s, code);
  std::map<std::string, GroupLag> groups;
  for (int i = 0; i < list->Count; ++i) {
    const jsConsumerInfo* info = list->List[i];
    const char* description = info->Config != nullptr ? info->Config->Description : nullptr;
    if (description == nullptr || std::string_view(description).rfind(kGroupDescription, 0) != 0) continue;
    std::string name = description + kGroupDescription.size();
    if (!group.empty() && name != group) continue;
    GroupLag& g = groups[name];
    g.group = name;
    ++g.consumers;
    g.pending += info->NumPending;
    g.ack_pending += static_cast<std::uint64_t>(info->NumAckPending);
    g.redelivered += static_cast<std::uint64_t>(info->NumRedelivered);
  }
  jsConsumerInfoList_Destroy(list);
  std::vector<GroupLag> out;
  for (auto& [name, g] : groups) out.push_back(std::move(g));
  return out;
}

Result<Subscription> Transport::subscribe_raw(std::string_view pattern, RawHandler handler, ConsumeOptions options) {
  auto plan = plan_subjects(pattern);
  if (!plan) return Unexpected{plan.error()};
  auto consumer = std::make_shared<Consumer>(std::string(pattern), std::move(*plan), connection_->options.partitions,
                                             std::move(handler), std::move(options));
  if (auto opened = consumer->open(connection_); !opened) {
    return Unexpected{opened.error()};
  }
  consumer->start();
  return Subscription(std::move(consumer));
}

}  // namespace avx::events::nats
