#!/bin/sh
# 531-zh-bad-input-fast: bad Chinese input through the normalizer's fast path and the
# paths it hands over to (tides suite): 10,000 characters without punctuation (outside
# the dictionaries: one ICU gap of 10,000 characters; and full-width commas between
# every character), traditional characters with full-width letters and an invalid byte
# in one sentence, characters outside the BMP, decomposed accents, name dots.  No crash,
# clear FILE:LINE messages, the clean records around them still coded.
D="verb=verbs.txt,discards.txt;actor=actors.txt;agent=agents.txt"
f="$TMP/bad.tsv"
row() { # id expected text
	printf 'zhfast\t%s\tbad\t20230615\ttrue\t\t\t%s\t\t\t%s\t%s\n' "$1" "$2" "$3" "$D" >> "$f"
}
printf 'suite\tid\tcategory\tdate\tevaluate\tcheck\tconfig\texpected\tn_expected\tparse_type\ttext\tdictionaries\n' > "$f"
row f1 'USA|RUS|111' '美国谴责俄罗斯。'
# 10,000 characters, no punctuation, no dictionary word
long=$(awk 'BEGIN { for (i = 0; i < 10000; i++) printf "%s", (i % 3 ? "的" : "了") }')
row f2 none "$long"
# 10,000 characters, a full-width comma after every other one
long=$(awk 'BEGIN { for (i = 0; i < 5000; i++) printf "%s", "是，" }')
row f3 none "$long"
# traditional, full-width letters and an invalid byte in one sentence
row f4 'USA|RUS|111' "$(printf '美國（ＵＳＡ）譴責俄羅斯\377。')"
# outside the BMP, a decomposed accent, name dots
row f5 'USA|RUS|111' "$(printf '美国\360\240\200\200谴责俄罗斯Caf\145\314\201\342\200\242\343\203\273。')"
row f6 'USA|RUS|111' '美国谴责俄罗斯。'
$TIDES suite "$f" --dicts "$ROOT/data/dict/zh" --verbose > "$TMP/out" 2> "$TMP/err"
rc=$?
cat "$TMP/err"
if [ $rc -ne 0 ]; then echo "suite exited $rc"; exit 1; fi
grep -q ':3: Chinese sentence of [0-9]* words (no sentence punctuation?)' "$TMP/err" ||
	{ echo "no message for the 10,000-character record"; exit 1; }
grep -q ':4: Chinese sentence of [0-9]* words (no sentence punctuation?)' "$TMP/err" ||
	{ echo "no message for the 10,000-character record with commas"; exit 1; }
grep -q ':5: 1 invalid UTF-8 sequences replaced' "$TMP/err" ||
	{ echo "no message for the invalid byte"; exit 1; }
tail -1 "$TMP/out"
grep -q '^suite zhfast: 6 passed, 0 failed' "$TMP/out" || { cat "$TMP/out"; exit 1; }
