// Event sourcing on the embedded SQLite store (or PostgreSQL): append, reload, replay old versions
// as today's types, and optimistic concurrency. Run it twice: the second run continues the same
// history.
//
//   bazel run //examples/event_sourcing                 # store: ./avx-bank.db
//   bazel run //examples/event_sourcing -- --db /tmp/bank.db
//   AVX_STORE_URL=postgresql:///bank?host=/run/postgresql bazel run //examples/event_sourcing

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>

#include <avx/events.h>
#include <avx/events/open_store.h>

#include "examples/event_sourcing/account.h"

namespace {

using namespace examples::bank;
using avx::events::Repository;

std::string money(std::int64_t cents, const std::string& currency) {
  return std::to_string(cents / 100) + "." + (cents % 100 < 10 ? "0" : "") + std::to_string(cents % 100) + " " +
         currency;
}

// Writes an AccountOpened the way the previous release did (schema version 1), once.
void seed_legacy_event(avx::events::EventStore& store) {
  if (*store.stream_version(Account::stream_name("legacy")) > 0) return;
  avx::events::EventData old;
  old.event_id = avx::events::EventId::generate();
  old.type = std::string(AccountOpenedV1::kType);
  old.schema_version = 1;
  old.payload = avx::events::encode(AccountOpenedV1{"legacy", "Grace Hopper"});
  (void)store.append(Account::stream_name("legacy"), avx::events::ExpectedVersion::no_stream(),
                     std::vector<avx::events::EventData>{old});
  std::cout << "seeded an AccountOpened v1 (holder: Grace Hopper), as an older release wrote it\n";
}

int fail(const std::string& what, const avx::events::Error& e) {
  std::cerr << what << ": " << e.message() << "\n";
  return 1;
}

// 1. Old data, read as today's type: `holder` became `owner`, `currency` took its default.
int replay_legacy(avx::events::EventStore& store, Repository<Account>& accounts) {
  seed_legacy_event(store);
  auto legacy = accounts.load("legacy");
  if (!legacy) return fail("cannot load the legacy account", legacy.error());
  std::cout << "legacy account, replayed from version-1 data: owner " << legacy->state().owner << ", currency "
            << legacy->state().currency << "\n";
  return 0;
}

// 2. Commands change an aggregate; its new events are appended with the loaded version expected.
int run_commands(Repository<Account>& accounts) {
  auto account = accounts.load("ada");
  if (!account) return fail("cannot load", account.error());
  if (!account->state().open) {
    (void)account->open("Ada Lovelace");
    std::cout << "opened account ada\n";
  }
  if (auto s = account->deposit(2500); !s) return fail("deposit", s.error());
  if (auto s = account->withdraw(700); !s) return fail("withdraw", s.error());
  auto saved = accounts.save(*account);
  if (!saved) return fail("save", saved.error());
  std::cout << "saved: account ada is at version " << saved->version << "\n";
  return 0;
}

// 3. Reloading replays the stream (from the latest snapshot) into the same state.
int reload(avx::events::EventStore& store, Repository<Account>& accounts) {
  auto reloaded = accounts.load("ada");
  if (!reloaded) return fail("reload", reloaded.error());
  auto snapshot = store.load_snapshot(Account::stream_name("ada"));
  std::cout << "reloaded ada at version " << reloaded->version() << " (snapshot every " << Account::kSnapshotEvery
            << " events; latest at version " << (snapshot && *snapshot ? (*snapshot)->version : 0)
            << "): balance " << money(reloaded->state().balance_cents, reloaded->state().currency) << "\n";
  return 0;
}

// 4. Two writers from the same version: the second is refused with the actual version.
void race(Repository<Account>& accounts) {
  auto a = accounts.load("ada");
  auto b = accounts.load("ada");
  (void)a->deposit(100);
  (void)b->deposit(200);
  (void)accounts.save(*a);
  auto conflict = accounts.save(*b);
  std::cout << "concurrent save: " << (conflict ? std::string("accepted?!") : conflict.error().message()) << "\n";
}

// 5. The whole history, shown as JSON in the version each event was written in.
void show_history(avx::events::EventStore& store) {
  avx::events::TypeRegistry registry;
  register_types(registry);
  auto all = store.read_all(1, 1000);
  std::cout << "history (" << all->size() << " events, last 5):\n";
  for (std::size_t i = all->size() > 5 ? all->size() - 5 : 0; i < all->size(); ++i) {
    const auto& e = (*all)[i];
    auto json = registry.to_json(e);
    std::cout << "  #" << e.position << " " << e.stream << " v" << e.version << " " << e.type << " (schema v"
              << e.schema_version << ") " << (json ? *json : json.error().message()) << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Event sourcing with avx-events: a bank account on the embedded SQLite store or PostgreSQL"};
  const char* cwd = std::getenv("BUILD_WORKING_DIRECTORY");  // where `bazel run` was started
  const char* url = std::getenv("AVX_STORE_URL");
  std::string db = url != nullptr ? url : (std::filesystem::path(cwd ? cwd : ".") / "avx-bank.db").string();
  app.add_option("--db", db, "The store: a SQLite file, or a postgresql:// URL (default: $AVX_STORE_URL if set)")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  auto store = avx::events::open_store(db);
  if (!store) return fail("cannot open the store", store.error());
  std::cout << "store " << avx::events::redacted_url(db) << ": " << *(*store)->head_position() << " events so far\n";

  avx::events::EventBus bus;
  auto log = bus.subscribe<MoneyDeposited>([](const avx::events::Envelope<MoneyDeposited>& e) {
    std::cout << "  published after commit: MoneyDeposited " << e.event.amount_cents << " cents on "
              << e.metadata.aggregate_id << " (version " << e.metadata.version << ", position " << e.metadata.position
              << ")\n";
  });
  Repository<Account> accounts(**store, &bus);
  if (int status = replay_legacy(**store, accounts)) return status;
  if (int status = run_commands(accounts)) return status;
  if (int status = reload(**store, accounts)) return status;
  race(accounts);
  show_history(**store);
  return 0;
}
