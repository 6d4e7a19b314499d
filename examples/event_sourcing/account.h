#pragma once

// The Account aggregate: the business rules, on top of the generated AccountBase.

#include <string>

#include "examples/event_sourcing/bank.avx.h"

namespace examples::bank {

class Account : public AccountBase {
 public:
  using AccountBase::AccountBase;

  avx::events::Status open(std::string owner);
  avx::events::Status deposit(std::int64_t cents);
  avx::events::Status withdraw(std::int64_t cents);

  void apply(const AccountOpened& e) override;
  void apply(const MoneyDeposited& e) override;
  void apply(const MoneyWithdrawn& e) override;
};

}  // namespace examples::bank
