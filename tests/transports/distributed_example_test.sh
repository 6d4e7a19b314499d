#!/usr/bin/env bash
# examples/distributed runs as its README says: with AVX_NATS_URL unset it starts a nats-server,
# three service processes talk only through NATS, every order is shipped, and the shipping group
# handled each OrderPlaced exactly once between its two members. Then the same over Redis, with
# AVX_REDIS_URL set to a redis-server this script starts (Unix socket, temp dir) and stops.
set -uo pipefail
example="$1"
fail() { echo "FAIL: $*" >&2; exit 1; }

# The same story, whatever carried it: $1 is the output, $2 the line naming the transport.
check() {
  local out="$1" first="$2"
  for line in "$first" "place o-1 for ada: ok" "place o-6 for ken: ok" "o-1: shipped" "o-6: shipped" \
              "orders saw 6 event(s):" "OrderShipped o-4 by freight" "OrderShipped o-5 by parcel" \
              "6 of 6 orders shipped"; do
    grep -qF -- "$line" "$out" || { cat "$out"; fail "output lacks: $line"; }
  done
  for n in 1 2 3 4 5 6; do
    count=$(grep -c "^  OrderPlaced o-$n for" "$out")
    [[ "$count" == 1 ]] || { cat "$out"; fail "OrderPlaced o-$n handled $count times by shipping"; }
  done
  grep -q "^shipping-1 saw" "$out" && grep -q "^shipping-2 saw" "$out" || { cat "$out"; fail "a shipping member did not report"; }
}

unset AVX_NATS_URL AVX_REDIS_URL
timeout 120 "$example" > out.txt 2>&1 || { cat out.txt; fail "examples/distributed exited $?"; }
check out.txt "NATS: nats://127.0.0.1:"
grep -qF "(a local nats-server, started for this run)" out.txt || { cat out.txt; fail "no local nats-server"; }
if grep -q "avx-events nats: " out.txt; then cat out.txt; fail "connection noise at a clean shutdown"; fi

dir=$(mktemp -d -t avx-redis.XXXXXX)  # short: a Unix socket's path has a length limit
redis-server --port 0 --unixsocket "$dir/redis.sock" --unixsocketperm 700 --save '' --appendonly no \
  --dir "$dir" --daemonize no > "$dir/log" 2>&1 &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 200); do [[ -S "$dir/redis.sock" ]] && break; sleep 0.05; done
[[ -S "$dir/redis.sock" ]] || { cat "$dir/log"; fail "redis-server did not start"; }
AVX_REDIS_URL="unix://$dir/redis.sock" timeout 120 "$example" > out_redis.txt 2>&1 ||
  { cat out_redis.txt; fail "examples/distributed over Redis exited $?"; }
check out_redis.txt "Redis: unix://$dir/redis.sock"
echo PASS
