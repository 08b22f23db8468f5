#!/bin/sh
# 530-zh-bad-input: Chinese bad input through the coder (tides suite): GB18030 and Big5
# bytes fed as UTF-8, mixed scripts, half-width/full-width punctuation mixtures, and
# 10,000 characters without punctuation.  No crash, clear FILE:LINE messages, and the
# good records around the bad ones are still coded.
D="verb=verbs.txt,discards.txt;actor=actors.txt;agent=agents.txt"
f="$TMP/bad.tsv"
row() { # id expected text
	printf 'zhbad\t%s\tbad\t20230615\ttrue\t\t\t%s\t\t\t%s\t%s\n' "$1" "$2" "$3" "$D" >> "$f"
}
printf 'suite\tid\tcategory\tdate\tevaluate\tcheck\tconfig\texpected\tn_expected\tparse_type\ttext\tdictionaries\n' > "$f"
row b1 'USA|RUS|111' '美国谴责俄罗斯。'
# "美国谴责俄罗斯" in GB18030, then "中國" in Big5
row b2 none "$(printf '\303\300\271\372\307\264\324\360\266\355\302\336\313\271')"
row b3 none "$(printf '\244\244\260\352\273\316\254\374\260\352')"
row b4 'USA|RUS|111' '美国（USA）谴责俄罗斯（Россия），日本語のテキストと한국어도 있다。'
row b5 'USA|RUS|163' '美国,对俄罗斯实施制裁!，。'
row b6 'CHN|USA|040' '中国同美国举行会谈．'
long=$(awk 'BEGIN { for (i = 0; i < 5000; i++) printf "%s", (i % 2 ? "国" : "中") }')
row b7 none "$long"
row b8 'USA|RUS|111' '美国谴责俄罗斯。'
$TIDES suite "$f" --dicts "$ROOT/data/dict/zh" --verbose > "$TMP/out" 2> "$TMP/err"
rc=$?
cat "$TMP/err"
if [ $rc -ne 0 ]; then echo "suite exited $rc"; exit 1; fi
grep -q ':3: text is not UTF-8 (.* look like GB18030 or Big5)' "$TMP/err" ||
	{ echo "no message for the GB18030 record"; exit 1; }
grep -q ':4: text is not UTF-8' "$TMP/err" || { echo "no message for the Big5 record"; exit 1; }
grep -q ':8: Chinese sentence of [0-9]* words (no sentence punctuation?)' "$TMP/err" ||
	{ echo "no message for the 10,000-character record"; exit 1; }
tail -1 "$TMP/out"
grep -q '^suite zhbad: 8 passed, 0 failed' "$TMP/out" || { cat "$TMP/out"; exit 1; }
