#pragma once

// What a user writes for examples/cqrs/library.yaml: the aggregate, the command handlers, the
// projection (a Subscriber) and the query handler that reads it.

#include <map>
#include <mutex>
#include <set>
#include <string>

#include "examples/cqrs/library.avx.h"

namespace examples::library {

class Book : public BookBase {
 public:
  using BookBase::BookBase;
  void apply(const BookAdded& e) override { state_.title = e.title; }
  void apply(const BookLent& e) override { state_.borrower = e.member_id; }
  void apply(const BookReturned&) override { state_.borrower.clear(); }
};

class AddBookHandling final : public AddBookHandler {
 public:
  avx::events::Result<avx::events::Done> handle(BookBase& book, const AddBook& command,
                                                const avx::events::DispatchContext& context) override;
};

class LendBookHandling final : public LendBookHandler {
 public:
  avx::events::Result<std::string> handle(BookBase& book, const LendBook& command,
                                          const avx::events::DispatchContext& context) override;
};

class ReturnBookHandling final : public ReturnBookHandler {
 public:
  avx::events::Result<avx::events::Done> handle(BookBase& book, const ReturnBook& command,
                                                const avx::events::DispatchContext& context) override;
};

// The read model: who has borrowed what. Built from events, read by GetLoans.
class LoansProjection final : public Subscriber, public GetLoansHandler {
 public:
  avx::events::Status on(const BookAdded& e, const avx::events::Metadata& m) override;
  avx::events::Status on(const BookLent& e, const avx::events::Metadata& m) override;
  avx::events::Status on(const BookReturned& e, const avx::events::Metadata& m) override;
  avx::events::Result<Loans> handle(const GetLoans& query, const avx::events::DispatchContext& context) override;

 private:
  std::mutex mutex_;
  std::map<std::string, std::string> titles_;                // book -> title
  std::map<std::string, std::set<std::string>> loans_;       // member -> books
};

}  // namespace examples::library
