#pragma once

// The Account aggregate as its owner writes it (one apply per event), for the tests that run the
// handler fixtures against schema v1 and v3: both include "bank.avx.h" of their version.

#include "bank.avx.h"

namespace tests::bank {

class Account : public AccountBase {
 public:
  using AccountBase::AccountBase;
  void apply(const Opened& e) override { state_.owner = e.owner; }
  void apply(const Deposited& e) override { state_.cents += e.cents; }
};

}  // namespace tests::bank
