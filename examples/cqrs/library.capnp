# The Cap'n Proto twin of library.yaml.
@0xc5554fc07c22f693;
using Avx = import "/avx/events/annotations.capnp";
$Avx.package("examples.library");

struct Loans {
  memberId @0 :Text;
  titles @1 :List(Text);
}

struct BookAdded $Avx.event(aggregate = "Book") {
  bookId @0 :Text;
  title @1 :Text;
}
struct BookLent $Avx.event(aggregate = "Book") {
  bookId @0 :Text;
  memberId @1 :Text;
}
struct BookReturned $Avx.event(aggregate = "Book") {
  bookId @0 :Text;
  memberId @1 :Text;
}

struct Book $Avx.aggregate(id = "bookId", events = ["BookAdded", "BookLent", "BookReturned"]) {
  title @0 :Text;
  borrower @1 :Text;  # empty when on the shelf
}

struct AddBook $Avx.command(aggregate = "Book", emits = ["BookAdded"]) {
  bookId @0 :Text;
  title @1 :Text;
}
struct LendBook $Avx.command(aggregate = "Book", emits = ["BookLent"], returns = "Text") {  # the title
  bookId @0 :Text;
  memberId @1 :Text;
}
struct ReturnBook $Avx.command(aggregate = "Book", emits = ["BookReturned"]) {
  bookId @0 :Text;
}

struct GetLoans $Avx.query(returns = "Loans") {
  memberId @0 :Text;
}
