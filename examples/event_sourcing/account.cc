#include "examples/event_sourcing/account.h"

namespace examples::bank {

using avx::events::Errc;
using avx::events::unexpected;

avx::events::Status Account::open(std::string owner) {
  if (state().open) return unexpected(Errc::kConflict, "account " + id() + " is already open");
  record(AccountOpened{id(), std::move(owner)});
  return {};
}

avx::events::Status Account::deposit(std::int64_t cents) {
  if (!state().open) return unexpected(Errc::kNotFound, "account " + id() + " is not open");
  if (cents <= 0) return unexpected(Errc::kInvalidArgument, "a deposit must be positive");
  record(MoneyDeposited{id(), cents});
  return {};
}

avx::events::Status Account::withdraw(std::int64_t cents) {
  if (!state().open) return unexpected(Errc::kNotFound, "account " + id() + " is not open");
  if (cents > state().balance_cents) {
    return unexpected(Errc::kInvalidArgument, "insufficient funds: balance " + std::to_string(state().balance_cents));
  }
  record(MoneyWithdrawn{id(), cents});
  return {};
}

void Account::apply(const AccountOpened& e) {
  state_.owner = e.owner;
  state_.currency = e.currency;
  state_.open = true;
}

void Account::apply(const MoneyDeposited& e) { state_.balance_cents += e.amount_cents; }

void Account::apply(const MoneyWithdrawn& e) { state_.balance_cents -= e.amount_cents; }

}  // namespace examples::bank
