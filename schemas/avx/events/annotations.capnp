# The annotations of the avx-events Cap'n Proto front end (docs/schema.md, "Cap'n Proto").
# A schema imports them as
#
#   using Avx = import "/avx/events/annotations.capnp";
#
# avx-events resolves that import itself; to compile a schema with `capnp compile` as well, pass
# `-I <avx-events>/schemas`. The file id and every name below are part of the contract: schemas
# written against them must keep meaning the same thing, so nothing here is ever renumbered.
@0xc6a0e1b5d3f29a47;

annotation package(file) :Text;
# The schema's package, `shop.orders` (C++ namespace shop::orders). Required.

struct TopicInfo {
  name @0 :Text;
  events @1 :List(Text);
}
annotation topics(file) :List(TopicInfo);
# Declared topics and which events may be published on them (YAML `topics:`).

struct EventInfo {
  version @0 :UInt32 = 1;
  topic @1 :Text;       # default: <package>.<snake_case name>
  aggregate @2 :Text;   # the aggregate the event belongs to, if any
}
annotation event(struct) :EventInfo;
# The struct is an event; its fields are the event's current fields.

struct Rename {
  from @0 :Text;
  to @1 :Text;
}
struct HistoryInfo {
  event @0 :Text;
  version @1 :UInt32;
  rename @2 :List(Rename);  # a declarative upcast (fields named as in this schema: lowerCamel)
  custom @3 :Bool;          # `upcast: custom`: the user writes the step in C++
}
annotation history(struct) :HistoryInfo;
# The struct is an earlier version of an event, kept to read what was stored with it.

struct AggregateInfo {
  id @0 :Text;              # the field every event of the aggregate carries
  events @1 :List(Text);
  snapshotEvery @2 :UInt32; # 0: no snapshots
}
annotation aggregate(struct) :AggregateInfo;
# The struct is an aggregate; its fields are the aggregate's state.

struct CommandInfo {
  aggregate @0 :Text;
  emits @1 :List(Text);
  returns @2 :Text;         # a type: "Text", "OrderView", "List(Int64)", "shop.common.Money"
}
annotation command(struct) :CommandInfo;

struct QueryInfo {
  returns @0 :Text;
}
annotation query(struct) :QueryInfo;

annotation optional(field) :Void;    # may be absent (YAML `optional: true`)
annotation deprecated(field) :Void;  # no longer written; keeps its place on the wire
annotation timestamp(field) :Void;   # on Int64: nanoseconds since the Unix epoch, UTC
annotation duration(field) :Void;    # on Int64: nanoseconds
annotation uuid(field) :Void;        # on Text: a UUID
annotation map(field) :Void;         # on List(Entry): map<string, T>, Entry = {key @0 :Text; value @1 :T}
