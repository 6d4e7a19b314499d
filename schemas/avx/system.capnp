# The Cap'n Proto twin of system.yaml: platform events every avx-events service can publish
# about itself. Topics live under avx.system.** so one pattern watches them all.
@0xa096a0823db434c2;
using Avx = import "/avx/events/annotations.capnp";
$Avx.package("avx.system");
$Avx.topics([
  (name = "avx.system.service.started", events = ["ServiceStarted"]),
  (name = "avx.system.service.stopping", events = ["ServiceStopping"]),
  (name = "avx.system.health.checked", events = ["HealthCheckPerformed"]),
  (name = "avx.system.metrics.snapshot", events = ["MetricsSnapshot"]),
  (name = "avx.system.http.request", events = ["HttpRequestEvent"]),
  (name = "avx.system.http.error", events = ["HttpErrorEvent"]),
]);

enum HealthStatus { healthy @0; degraded @1; unhealthy @2; }
enum HttpMethod { get @0; head @1; post @2; put @3; patch @4; delete @5; options @6; }

struct ServiceRef {
  name @0 :Text;                      # logical service name, e.g. "orders"
  version @1 :Text;                   # build or release version
  instanceId @2 :Text;                # unique per running process (host:pid, pod name, ...)
  environment @3 :Text = "production";
}

struct CheckResult {
  component @0 :Text;                 # e.g. "database", "nats"
  status @1 :HealthStatus;
  latency @2 :Int64 $Avx.duration;
  detail @3 :Text $Avx.optional;
}

struct ServiceStarted $Avx.event(topic = "avx.system.service.started") {
  service @0 :ServiceRef;
  startedAt @1 :Int64 $Avx.timestamp;
  host @2 :Text;
  pid @3 :Int64;
  startupTime @4 :Int64 $Avx.duration;  # from process start to ready
  configDigest @5 :Text $Avx.optional;
}

struct ServiceStopping $Avx.event(topic = "avx.system.service.stopping") {
  service @0 :ServiceRef;
  stoppingAt @1 :Int64 $Avx.timestamp;
  reason @2 :Text;                    # what asked it to stop, e.g. "SIGTERM"
  inFlight @3 :UInt64;                # requests and handler calls still running when it began
}

struct HealthCheckPerformed $Avx.event(topic = "avx.system.health.checked") {
  service @0 :ServiceRef;
  status @1 :HealthStatus;            # the worst of the components
  checkedAt @2 :Int64 $Avx.timestamp;
  checks @3 :List(CheckResult);
}

struct MetricsSnapshot $Avx.event(topic = "avx.system.metrics.snapshot") {
  service @0 :ServiceRef;
  takenAt @1 :Int64 $Avx.timestamp;
  interval @2 :Int64 $Avx.duration;   # the window the rates cover
  counters @3 :List(CounterEntry) $Avx.map;
  gauges @4 :List(GaugeEntry) $Avx.map;
  eventsPublished @5 :UInt64;
  eventsDelivered @6 :UInt64;
  handlerFailures @7 :UInt64;
}
struct CounterEntry { key @0 :Text; value @1 :UInt64; }
struct GaugeEntry { key @0 :Text; value @1 :Float64; }

struct HttpRequestEvent $Avx.event(topic = "avx.system.http.request") {
  service @0 :ServiceRef;
  requestId @1 :Text;
  method @2 :HttpMethod;
  path @3 :Text;
  statusCode @4 :Int32;
  duration @5 :Int64 $Avx.duration;
  receivedAt @6 :Int64 $Avx.timestamp;
  requestBytes @7 :UInt64;
  responseBytes @8 :UInt64;
  correlationId @9 :Text $Avx.optional;
  userAgent @10 :Text $Avx.optional;
}

struct HttpErrorEvent $Avx.event(topic = "avx.system.http.error") {
  service @0 :ServiceRef;
  requestId @1 :Text;
  method @2 :HttpMethod;
  path @3 :Text;
  statusCode @4 :Int32;
  error @5 :Text;                     # what went wrong, for humans
  errorType @6 :Text;                 # stable machine-readable class, e.g. "timeout"
  occurredAt @7 :Int64 $Avx.timestamp;
  duration @8 :Int64 $Avx.duration;
  correlationId @9 :Text $Avx.optional;
}
