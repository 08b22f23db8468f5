#!/bin/sh
# tests/run.sh BUILD_DIR — runs every test of tides and ends with the line
#   N passed, N failed, N skipped
# Unit programs (BUILD/tests/test-*) report their own counts; each CLI
# script tests/cli/NNN-*.sh is one test: exit 0 pass, 77 skip, else fail.
# Scripts get TIDES (the binary), SHARED (../shared/data, may be absent),
# and a scratch directory TMP.  With TIDES_VALGRIND=1 the binary and the
# unit programs run under valgrind and any error fails the test.
B=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
pass=0 fail=0 skip=0
failed_names=""
VG=""
if [ "${TIDES_VALGRIND:-0}" = 1 ]; then
	VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite"
fi

for t in "$B"/tests/test-*; do
	[ -x "$t" ] || continue
	out=$($VG "$t" 2>&1); rc=$?
	line=$(printf '%s\n' "$out" | grep '^unit .*passed, .*failed' | tail -1)
	p=$(printf '%s' "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
	f=$(printf '%s' "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
	[ -n "$p" ] || { p=0; f=1; }
	if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
	pass=$((pass + p)); fail=$((fail + f))
	if [ "$f" != 0 ]; then
		printf '%s\n' "$out" | tail -30
		failed_names="$failed_names $(basename "$t")"
	fi
	echo "$(basename "$t"): $p passed, $f failed"
done

export TIDES="$ROOT/$B/tides"
[ -n "$VG" ] && export TIDES_WRAP="$VG"
if [ -d "$ROOT/../shared/data" ]; then
	SHARED=$(cd "$ROOT/../shared/data" && pwd); export SHARED
else
	export SHARED=""
fi
export ROOT
for s in tests/cli/[0-9]*.sh; do
	[ -f "$s" ] || continue
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/tides-test.XXXXXX"); export TMP
	out=$(sh "$s" 2>&1); rc=$?
	name=$(basename "$s" .sh)
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1)); echo "$name: ok"
	elif [ $rc -eq 77 ]; then
		skip=$((skip + 1)); echo "$name: skipped: $(printf '%s\n' "$out" | tail -1)"
	else
		fail=$((fail + 1)); failed_names="$failed_names $name"
		echo "$name: FAILED (exit $rc)"; printf '%s\n' "$out" | tail -40 | sed 's/^/    /'
	fi
	rm -rf "$TMP"
done

[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
