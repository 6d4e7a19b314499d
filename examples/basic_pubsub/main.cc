// Typed publish/subscribe with a generated event and the platform's own system events.
//
//   bazel run //examples/basic_pubsub

#include <iostream>

#include <avx/events.h>

#include "examples/basic_pubsub/greetings.avx.h"
#include "schemas/avx/system.avx.h"

int main() {
  using examples::greetings::Greeted;
  avx::events::EventBus bus;

  auto greeter = bus.subscribe<Greeted>([](const avx::events::Envelope<Greeted>& e) {
    std::cout << "received " << Greeted::kType << " #" << e.metadata.event_id.to_string().substr(24) << ": hello, "
              << e.event.name << " (x" << e.event.times << ")"
              << (e.event.note ? " note: " + *e.event.note : std::string()) << "\n";
  });
  auto lifecycle = bus.subscribe<avx::system::ServiceStarted>([](const auto& e) {
    std::cout << "service " << e.event.service.name << " " << e.event.service.version << " started on "
              << e.event.host << "\n";
  });

  bus.publish(avx::system::ServiceStarted{{"basic_pubsub", "1.0.0", "local-1"}, avx::events::now(), "localhost", 1});
  bus.publish(Greeted{"Ada"});
  bus.publish(Greeted{"Grace", 3, "from the examples"});

  // Every event has a Cap'n Proto binary form and a JSON form.
  Greeted event{"Linus", 2};
  std::string bytes = avx::events::encode(event);
  std::cout << "encoded " << Greeted::kType << " in " << bytes.size() << " bytes; as JSON: "
            << avx::events::to_json(event) << "\n";
  auto back = avx::events::decode<Greeted>(bytes);
  std::cout << "decoded back equal: " << std::boolalpha << (back.has_value() && *back == event) << "\n";

  greeter.unsubscribe();
  auto result = bus.publish(Greeted{"nobody"});
  std::cout << "after unsubscribing, delivered to " << result.delivered << " subscribers\n";
  std::cout << "greeter stats: delivered " << greeter.stats().delivered << "\n";
  return 0;
}
