// The definitions, apart from their declarations (bank.stubs.h).
#include "bank.stubs.h"

namespace tests::bank {

::avx::events::Result<::avx::events::Done> AccountOpener::handle(AccountBase& account, const Open& command,
                                                                 const ::avx::events::DispatchContext&) {
  if (command.owner.empty()) return ::avx::events::unexpected(::avx::events::Errc::kInvalidArgument, "no owner");
  account.record(Opened{command.account_id, command.owner});
  return ::avx::events::Done{};
}

::avx::events::Result<std::int64_t> DepositHandlerImpl::handle(AccountBase& account, const Deposit& command,
                                                               const ::avx::events::DispatchContext&) {
  if (!valid(command.cents)) return ::avx::events::unexpected(::avx::events::Errc::kInvalidArgument, "not positive");
  account.record(Deposited{command.account_id, command.cents});
  return account.state().cents;  // recorded events are applied at once
}

::avx::events::Result<::avx::events::Done> CloseHandlerImpl::handle([[maybe_unused]] const Close& command,
                                                          [[maybe_unused]] const ::avx::events::DispatchContext& context) {
  return ::avx::events::unexpected(::avx::events::Errc::kUnimplemented, "tests.bank.Close is not implemented yet");
}

}  // namespace tests::bank
