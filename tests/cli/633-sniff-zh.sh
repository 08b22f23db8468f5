# Format detection counts sentences per line with the splitter the prose
# reader would use: Chinese lines by zh_split, not the English rules.  A
# Chinese file whose lines hold two sentences each (half-width ! ? after
# Han characters, which the English rules do not cut) is prose, split into
# its sentences; Chinese lines of one sentence each stay one per line.
set -e
printf '中国批评美国!美国回应了中国!\n俄罗斯会见了法国?法国表示欢迎!\n德国指责伊朗!伊朗予以否认!\n英国会见了以色列!双方签署了协议!\n' > "$TMP/two.txt"
$TIDES code --sentences "$TMP/two.txt" > "$TMP/out" 2> /dev/null
# prose: one document, sentence numbers running on, 8 sentences
test "$(cut -f1 "$TMP/out" | sed 1d | sort -u)" = "two.txt"
test "$(sed 1d "$TMP/out" | wc -l)" -eq 8
sed -n 3p "$TMP/out" | cut -f2,6 | grep -q "^2	美国回应了中国!$"
printf '中国批评美国。\n俄罗斯会见了法国。\n德国指责伊朗。\n英国会见了以色列。\n' > "$TMP/one.txt"
$TIDES code --sentences "$TMP/one.txt" > "$TMP/out" 2> /dev/null
# one sentence per line: a story per line
test "$(sed 1d "$TMP/out" | wc -l)" -eq 4
sed -n 2p "$TMP/out" | cut -f1 | grep -qx "one.txt-1"
# English is unchanged: a paragraph per line is prose
printf 'France praised Germany. Germany thanked France.\nIran accused Israel. Israel denied it.\nChina hosted Georgia. Georgia met China.\n' > "$TMP/en.txt"
$TIDES code --sentences "$TMP/en.txt" > "$TMP/out" 2> /dev/null
test "$(sed 1d "$TMP/out" | wc -l)" -eq 6
