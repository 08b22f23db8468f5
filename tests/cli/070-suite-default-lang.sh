# `tides suite` with an empty dictionaries column and no --dicts codes each
# record with the bundled defaults of its language, read from the text
# (Han script -> zh): one suite can mix English and Chinese records, and
# tests/suites/zh.tsv scores the same as with --dicts data/dict/zh.
{
	printf 'suite\tid\tcategory\tdate\tevaluate\tcheck\tconfig\texpected\tn_expected\tparse_type\ttext\tdictionaries\n'
	printf 'mix\tmix-en-1\ten\t20140316\ttrue\t\t\tUSA|RUS|111\t1\t\tThe United States criticized Russia on Sunday.\t\n'
	printf 'mix\tmix-zh-1\tzh\t20140316\ttrue\t\t\tUSA|RUS|111\t1\t\t美国批评俄罗斯。\t\n'
	printf 'mix\tmix-en-2\ten\t20140316\ttrue\t\t\tFRA|DEU|040\t1\t\tFrance consulted Germany.\t\n'
} > "$TMP/mix.tsv"
$TIDES_WRAP $TIDES suite "$TMP/mix.tsv" > "$TMP/out" 2> "$TMP/err" || { cat "$TMP/err"; exit 1; }
cat "$TMP/out"
grep -q '^suite mix: 3 passed, 0 failed' "$TMP/out" || { cat "$TMP/err"; exit 1; }

a=$($TIDES_WRAP $TIDES suite "$ROOT/tests/suites/zh.tsv" 2>&1 | tail -1)
b=$($TIDES_WRAP $TIDES suite "$ROOT/tests/suites/zh.tsv" --dicts "$ROOT/data/dict/zh" 2>&1 | tail -1)
echo "without --dicts: $a"
echo "with --dicts:    $b"
[ "$a" = "$b" ] || exit 1
case "$a" in *" 0 passed"*) exit 1 ;; esac
exit 0
