#!/bin/sh
# fuzz/run.sh [SECONDS] — builds every fuzz/fuzz-*.c as a libFuzzer target
# (clang, ASan+UBSan) and runs each for SECONDS (default 60) starting from its
# committed seed corpus fuzz/corpus/NAME/.  New inputs go to a scratch copy,
# never into the committed corpus; crashes are kept in build-fuzz/crashes/.
# Prints, per target, libFuzzer's final line: executions, coverage, exec/s.
SECS=${1:-60}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
command -v clang >/dev/null || { echo "fuzz: clang not found (apt-get install clang libclang-rt-14-dev)"; exit 1; }
make --no-print-directory O=build-fuzz build-fuzz/gen/cameo-table.c >/dev/null || exit 1
LIB_SRC=$(ls src/*/*.c | grep -v '^src/cli/')
FLAGS="-std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
 -Iinclude -Isrc -Ibuild-fuzz/gen -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DTIDES_DATADIR=\"$ROOT/data\" -DTIDES_FUZZING"
LIBS=$(pkg-config --libs sqlite3 icu-uc icu-i18n zlib libzip)
mkdir -p build-fuzz/bin build-fuzz/crashes
status=0
for f in fuzz/fuzz-*.c; do
	[ -f "$f" ] || continue
	name=$(basename "$f" .c); name=${name#fuzz-}
	bin=build-fuzz/bin/$name
	if ! clang $FLAGS -o "$bin" "$f" $LIB_SRC build-fuzz/gen/cameo-table.c $LIBS -lpthread -lm 2>build-fuzz/$name.build.log; then
		echo "fuzz $name: BUILD FAILED (see build-fuzz/$name.build.log)"; status=1; continue
	fi
	run=build-fuzz/corpus/$name; rm -rf "$run"; mkdir -p "$run"
	[ -d fuzz/corpus/$name ] && cp fuzz/corpus/$name/* "$run"/ 2>/dev/null
	"$bin" -max_total_time="$SECS" -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix=build-fuzz/crashes/$name- "$run" >build-fuzz/$name.log 2>&1
	rc=$?
	last=$(grep -E '^#[0-9]+' build-fuzz/$name.log | tail -1)
	execs=$(grep '^stat::number_of_executed_units' build-fuzz/$name.log | awk '{print $2}')
	if [ $rc -ne 0 ]; then
		echo "fuzz $name: CRASH (exit $rc) — see build-fuzz/$name.log and build-fuzz/crashes/"; status=1
	else
		echo "fuzz $name: ${SECS}s, $execs executions; $last"
	fi
done
exit $status
