// Handlers of tests.bank, first written by `avx-events stubs`, then edited by their owner: classes
// renamed, a namespace alias, a base named through a macro, members and helpers of their own.
#pragma once

#include <cstdint>
#include <string>

#include "bank.avx.h"

namespace bank = tests::bank;

#define BANK_HANDLER(name) public bank::name##Handler

namespace tests::bank {

// Opening needs an owner; renamed from OpenHandlerImpl.
class AccountOpener final : public OpenHandler {
 public:
  explicit AccountOpener(std::string branch) : branch_(std::move(branch)) {}
  ::avx::events::Result<::avx::events::Done> handle(AccountBase& account, const Open& command,
                                                    const ::avx::events::DispatchContext& context) override;

 private:
  std::string branch_;  // where accounts are opened
};

class DepositHandlerImpl final : BANK_HANDLER(Deposit) {
 public:
  ::avx::events::Result<std::int64_t> handle(AccountBase& account, const Deposit& command,
                                             const ::avx::events::DispatchContext& context) override;
  static bool valid(std::int64_t cents) { return cents > 0; }
};

class CloseHandlerImpl final : public CloseHandler {
 public:
  ::avx::events::Result<::avx::events::Done> handle(const Close& command, const ::avx::events::DispatchContext& context) override;
};

}  // namespace tests::bank

// Balance answers from a read model the owner keeps.
class BalanceReader final : public tests::bank::BalanceHandler {
 public:
  ::avx::events::Result<std::int64_t> handle(const tests::bank::Balance& /*query*/,
                                             const ::avx::events::DispatchContext& /*unused*/) override {
    return cents_;
  }
  std::int64_t cents_ = 0;
};
