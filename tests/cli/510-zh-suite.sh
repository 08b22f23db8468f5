#!/bin/sh
# 510-zh-suite: the Chinese suites (tests/suites/zh.tsv, and zh-heldout.tsv written after
# the dictionaries were tuned on the first) with the bundled Chinese
# dictionaries (data/dict/zh): the `dictionaries` column is empty, so `tides suite
# --dicts DIR` loads DIR's standard files (verbs.txt, discards.txt, actors.txt,
# agents.txt).  Prints the score per category (feature) and fails if the share of
# passing records drops below the floor (a regression guard, well under the current
# score; the expectations were written before the coder ran on them).
FLOOR=75
$TIDES suite "$ROOT/tests/suites/zh.tsv" --dicts "$ROOT/data/dict/zh" --verbose > "$TMP/out.txt" 2> "$TMP/err.txt"
rc=$?
if [ $rc -ne 0 ]; then
	echo "tides suite exited $rc"; cat "$TMP/err.txt"; exit 1
fi
if [ -s "$TMP/err.txt" ]; then
	echo "warnings while loading the Chinese dictionaries:"; cat "$TMP/err.txt"; exit 1
fi
grep -E '^(ok  |FAIL)' "$TMP/out.txt" | awk '
	{ c = $3; gsub(/[][]/, "", c); t[c]++; if ($1 == "ok") p[c]++ }
	END { for (k in t) printf "  %-14s %3d/%3d\n", k, p[k], t[k] }' | sort
tail -3 "$TMP/out.txt"
line=$(grep '^suite zh:' "$TMP/out.txt")
pass=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
fail=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
[ -n "$pass" ] && [ -n "$fail" ] || { echo "no score line"; exit 1; }
total=$((pass + fail))
[ "$total" -ge 300 ] || { echo "only $total records scored"; exit 1; }
if [ $((pass * 100)) -lt $((FLOOR * total)) ]; then
	echo "suite zh: $pass/$total below the floor of $FLOOR%"; exit 1
fi
$TIDES suite "$ROOT/tests/suites/zh-heldout.tsv" --dicts "$ROOT/data/dict/zh" > "$TMP/ho.txt" 2>&1 || { cat "$TMP/ho.txt"; exit 1; }
line=$(grep '^suite zh-heldout:' "$TMP/ho.txt")
echo "$line"
pass=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed.*/\1/p')
[ -n "$pass" ] && [ "$pass" -ge 40 ] || { echo "held-out suite below 40/50"; exit 1; }
exit 0
