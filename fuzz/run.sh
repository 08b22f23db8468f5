#!/bin/sh
# fuzz/run.sh [SECONDS] [TARGET...] — builds every fuzz/fuzz-*.c (or the
# named targets) as a libFuzzer target (clang, ASan+UBSan) and runs each for
# SECONDS (default 60) starting from its committed seed corpus
# fuzz/corpus/NAME/.  New inputs go to a scratch copy, never into the
# committed corpus; crashes are kept in build-fuzz/crashes/.
#
# The library and the CLI objects are built once by the Makefile into
# build-fuzz/ with coverage instrumentation (so the generated tables come
# from the same rules as every other build); src/cli/main.c is compiled
# with its main() renamed so targets can call the subcommands in-process.
# Prints, per target: executions, exec/s, coverage (edges) and features.
SECS=${1:-60}
[ $# -gt 0 ] && shift
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
command -v clang >/dev/null || { echo "fuzz: clang not found (apt-get install clang libclang-rt-dev)"; exit 1; }
B=build-fuzz
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
OPT="-g -O1 $SAN -fsanitize=fuzzer-no-link"
mkdir -p $B/bin $B/crashes $B/logs
if ! make --no-print-directory -j2 O=$B CC=clang OPT="$OPT" $B/libtides.a \
	$(ls src/cli/cmd-*.c | sed "s|^\(.*\)\.c$|$B/\1.o|") >$B/logs/lib.build.log 2>&1; then
	echo "fuzz: library build failed (see $B/logs/lib.build.log)"; tail -5 $B/logs/lib.build.log; exit 1
fi
CPP="-std=c11 -Iinclude -Isrc -I$B/gen -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DTIDES_DATADIR=\"$ROOT/data\""
clang $CPP $OPT -Dmain=tides_cli_main -c src/cli/main.c -o $B/cli-main.o || exit 1
rm -f $B/libcli.a && ar rcs $B/libcli.a $B/src/cli/cmd-*.o $B/cli-main.o || exit 1
LIBS="$(pkg-config --libs sqlite3 icu-uc icu-i18n zlib libzip) -lpthread -lm"

if [ $# -gt 0 ]; then
	targets=""; for t in "$@"; do targets="$targets fuzz/fuzz-$t.c"; done
else
	targets=$(ls fuzz/fuzz-*.c)
fi
status=0
printf '%-16s %6s %10s %8s %6s %6s\n' target secs execs exec/s cov ft
for f in $targets; do
	[ -f "$f" ] || { echo "fuzz: no such target $f"; status=1; continue; }
	name=$(basename "$f" .c); name=${name#fuzz-}
	bin=$B/bin/$name
	if ! clang $CPP -g -O1 $SAN -fsanitize=fuzzer -o "$bin" "$f" $B/libcli.a $B/libtides.a $LIBS \
		2>$B/logs/$name.build.log; then
		echo "fuzz $name: BUILD FAILED (see $B/logs/$name.build.log)"; status=1; continue
	fi
	run=$B/corpus/$name; rm -rf "$run"; mkdir -p "$run"
	[ -d fuzz/corpus/$name ] && cp fuzz/corpus/$name/* "$run"/ 2>/dev/null
	# -close_fd_mask=2: the target's own stderr (tides warnings) is muted,
	# libFuzzer's reports are not.  Leak checking is on (the default).
	"$bin" -max_total_time="$SECS" -rss_limit_mb=2048 -timeout=20 -max_len=65536 \
		-print_final_stats=1 -close_fd_mask=2 \
		-artifact_prefix=$B/crashes/$name- "$run" >$B/logs/$name.log 2>&1
	rc=$?
	last=$(grep -E '^#[0-9]+' $B/logs/$name.log | tail -1)
	execs=$(grep '^stat::number_of_executed_units' $B/logs/$name.log | awk '{print $2}')
	eps=$(grep '^stat::average_exec_per_sec' $B/logs/$name.log | awk '{print $2}')
	cov=$(printf '%s' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(printf '%s' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	if [ $rc -ne 0 ]; then
		echo "fuzz $name: CRASH (exit $rc) — see $B/logs/$name.log and $B/crashes/"
		grep -m3 -E 'ERROR|SUMMARY|runtime error' $B/logs/$name.log | sed 's/^/    /'
		status=1
	else
		printf '%-16s %6s %10s %8s %6s %6s\n' "$name" "$SECS" "${execs:-?}" "${eps:-?}" "${cov:-?}" "${ft:-?}"
	fi
done
exit $status
