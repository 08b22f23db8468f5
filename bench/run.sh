#!/bin/sh
# bench/run.sh BUILD_DIR — runs every benchmark script bench/*.sh (but this
# one) against BUILD_DIR/tides.  Benchmarks print figures; they never fail
# a run because of a time.  Those that need ../shared say so and skip.
B=${1:-build-rel}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export TIDES="$ROOT/$B/tides" ROOT
if [ -d "$ROOT/../shared/data" ]; then SHARED=$(cd "$ROOT/../shared/data" && pwd); else SHARED=""; fi
export SHARED
for s in "$ROOT"/bench/*.sh; do
	[ "$(basename "$s")" = run.sh ] && continue
	echo "== $(basename "$s")"
	sh "$s" || echo "(benchmark $(basename "$s") exited $?)"
done
exit 0
