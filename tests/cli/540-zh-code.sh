#!/bin/sh
# 540-zh-code: `tides code` on Chinese prose and JSONL with the bundled Chinese
# dictionaries: sentences split at 。, lang=zh detected by script or given per record,
# dates taken from the sentence (16日, 同日), dated leaders, traditional characters,
# negation coding nothing, the matched Chinese words in the output.
Z="$ROOT/data/dict/zh"
cat > "$TMP/a.txt" <<'TXT'
美国国务卿布林肯16日同俄罗斯外长拉夫罗夫举行会谈。同日，美国对俄罗斯实施新的制裁。北约秘书长斯托尔滕贝格表示，北约不会向乌克兰派兵。2014年3月16日，奥巴马谴责俄罗斯。
TXT
$TIDES code --dicts "$Z" --date 2022-03-17 "$TMP/a.txt" > "$TMP/a.tsv" 2> "$TMP/a.err" || { cat "$TMP/a.err"; exit 1; }
cat "$TMP/a.tsv"
ev() { cut -f2,3,4,5,11,12 "$TMP/a.tsv" | tail -n +2; }
n=$(ev | wc -l)
[ "$n" -eq 3 ] || { echo "expected 3 events, got $n"; exit 1; }
ev | grep -q '^2022-03-16	USAGOV	RUSGOV	040	1	zh$' || { echo "talks on the 16th missing"; exit 1; }
ev | grep -q '^2022-03-16	USA	RUS	163	2	zh$' || { echo "同日 sanctions missing"; exit 1; }
ev | grep -q '^2014-03-16	USAGOV	RUS	111	4	zh$' || { echo "Obama 2014 (dated code) missing"; exit 1; }
grep -q '	美国对俄罗斯实施新的制裁	' "$TMP/a.tsv" || { echo "verb text not as written"; exit 1; }
# JSONL: lang given or detected; traditional characters
cat > "$TMP/b.jsonl" <<'TXT'
{"id":"t1","date":"2022-03-17","lang":"zh","text":"美國譴責俄羅斯。"}
{"id":"t2","date":"2022-03-17","text":"中国同美国举行会谈。"}
{"id":"t3","date":"2022-03-17","text":"The United States condemned Russia."}
TXT
$TIDES code --dicts "$Z" --format jsonl "$TMP/b.jsonl" > "$TMP/b.out" 2> "$TMP/b.err" || { cat "$TMP/b.err"; exit 1; }
cat "$TMP/b.out"
grep -q '"doc_id":"t1".*"lang":"zh"' "$TMP/b.out" && grep -q '"source":"USA","target":"RUS","code":"111"' "$TMP/b.out" ||
	{ echo "traditional record not coded"; exit 1; }
grep -q '"source":"CHN","target":"USA","code":"040".*"doc_id":"t2"' "$TMP/b.out" || { echo "detected record not coded"; exit 1; }
if grep -q '"doc_id":"t3"' "$TMP/b.out"; then echo "English record coded with Chinese dictionaries"; exit 1; fi
exit 0
