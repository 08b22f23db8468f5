#!/bin/sh
# 520-zh-parallel: the same 113 sentences in English and Chinese (tests/parallel/en-zh.tsv)
# coded with the bundled English and Chinese dictionaries; reports how often the two
# codings agree and fails if agreement or the Chinese score drops below the floors.
EN="$ROOT/data/dict/en"
if [ ! -f "$EN/verbs.txt" ] || [ ! -f "$EN/actors.txt" ]; then
	echo "English default dictionaries (data/dict/en) are not in this tree"
	exit 77
fi
out=$(sh "$ROOT/tests/parallel/run.sh" "$TIDES" "$EN" "$ROOT/data/dict/zh") || { echo "$out"; exit 1; }
echo "$out"
line=$(echo "$out" | tail -1)
agree=$(echo "$line" | sed -n 's/.*agree on \([0-9]*\) .*/\1/p')
zh=$(echo "$line" | sed -n 's/.*zh as expected \([0-9]*\) .*/\1/p')
[ -n "$agree" ] && [ -n "$zh" ] || exit 1
[ "$agree" -ge 70 ] || { echo "agreement $agree/113 below 70"; exit 1; }
[ "$zh" -ge 90 ] || { echo "Chinese as expected $zh/113 below 90"; exit 1; }
