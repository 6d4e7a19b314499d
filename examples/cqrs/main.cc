// CQRS with generated handler interfaces: commands change Book aggregates in an event store, a
// projection builds a read model from the published events, and a query reads it.
//
//   bazel run //examples/cqrs

#include <iostream>

#include <avx/events.h>

#include "examples/cqrs/handlers.h"

using namespace examples::library;

template <class R>
void show(const std::string& what, const avx::events::Result<R>& r) {
  std::cout << what << ": " << (r ? "ok" : "refused: " + r.error().message()) << '\n';
}

int main() {
  auto store = avx::events::make_memory_store();
  avx::events::EventBus bus;
  avx::events::Repository<Book> books(*store, &bus);
  avx::events::CommandBus commands;
  avx::events::QueryBus queries;
  commands.use(avx::events::logging_middleware([](std::string_view line) { std::cout << "  [log] " << line << '\n'; }));

  AddBookHandling add;
  LendBookHandling lend;
  ReturnBookHandling give_back;
  LoansProjection loans;
  for (auto routed : {route(commands, add, books), route(commands, lend, books), route(commands, give_back, books),
                      route(queries, loans)}) {
    if (!routed) {
      std::cerr << routed.error().message() << '\n';
      return 1;
    }
  }
  auto projection = subscribe(bus, loans);  // the read model follows every saved event

  show("add Dune", commands.dispatch(AddBook{"b-1", "Dune"}));
  show("add Emma", commands.dispatch(AddBook{"b-2", "Emma"}));
  auto title = commands.dispatch(LendBook{"b-1", "ada"}, "checkout-42");
  std::cout << "lend b-1 to ada: " << (title ? *title : title.error().message()) << '\n';
  show("lend b-2 to ada", commands.dispatch(LendBook{"b-2", "ada"}));
  show("lend b-1 to grace", commands.dispatch(LendBook{"b-1", "grace"}));  // refused: it is out
  show("return b-2", commands.dispatch(ReturnBook{"b-2"}));

  for (const char* member : {"ada", "grace"}) {
    auto l = queries.dispatch(GetLoans{member});
    std::cout << member << " has " << l->titles.size() << " book(s):";
    for (const auto& t : l->titles) std::cout << " " << t;
    std::cout << '\n';
  }
  std::cout << *store->head_position() << " events stored\n";
  return 0;
}
