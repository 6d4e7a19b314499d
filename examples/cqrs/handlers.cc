#include "examples/cqrs/handlers.h"

namespace examples::library {

using avx::events::Errc;
using avx::events::unexpected;

avx::events::Result<avx::events::Done> AddBookHandling::handle(BookBase& book, const AddBook& command,
                                                               const avx::events::DispatchContext&) {
  if (book.version() > 0) return unexpected(Errc::kAlreadyExists, "book " + command.book_id + " is already here");
  book.record(BookAdded{command.book_id, command.title});
  return avx::events::Done{};
}

avx::events::Result<std::string> LendBookHandling::handle(BookBase& book, const LendBook& command,
                                                          const avx::events::DispatchContext&) {
  if (book.version() == 0) return unexpected(Errc::kNotFound, "no book " + command.book_id);
  if (!book.state().borrower.empty()) {
    return unexpected(Errc::kConflict, "\"" + book.state().title + "\" is out with " + book.state().borrower);
  }
  book.record(BookLent{command.book_id, command.member_id});
  return book.state().title;
}

avx::events::Result<avx::events::Done> ReturnBookHandling::handle(BookBase& book, const ReturnBook& command,
                                                                  const avx::events::DispatchContext&) {
  if (book.state().borrower.empty()) return unexpected(Errc::kConflict, "book " + command.book_id + " is not out");
  book.record(BookReturned{command.book_id, book.state().borrower});
  return avx::events::Done{};
}

avx::events::Status LoansProjection::on(const BookAdded& e, const avx::events::Metadata&) {
  std::lock_guard lock(mutex_);
  titles_[e.book_id] = e.title;
  return {};
}

avx::events::Status LoansProjection::on(const BookLent& e, const avx::events::Metadata&) {
  std::lock_guard lock(mutex_);
  loans_[e.member_id].insert(e.book_id);
  return {};
}

avx::events::Status LoansProjection::on(const BookReturned& e, const avx::events::Metadata&) {
  std::lock_guard lock(mutex_);
  loans_[e.member_id].erase(e.book_id);
  return {};
}

avx::events::Result<Loans> LoansProjection::handle(const GetLoans& query, const avx::events::DispatchContext&) {
  std::lock_guard lock(mutex_);
  Loans out{query.member_id, {}};
  for (const std::string& book : loans_[query.member_id]) out.titles.push_back(titles_[book]);
  return out;
}

}  // namespace examples::library
