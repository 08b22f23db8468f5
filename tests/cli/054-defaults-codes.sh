# Every event code of the default verb list is a CAMEO code
# (or ---, ###, +++), every actor code is made of three-letter CAMEO parts,
# every agent code is ~PART or PART~, and no actor or agent name is entered
# twice.  The event codes are checked against data/cameo.tsv once it is
# complete, else against the codebook in ../shared (when present).
D="$ROOT/data/dict/en"
LC_ALL=C; export LC_ALL   # the codebook is Latin-1
# CAMEO event codes: from data/cameo.tsv once it lists them all, else from
# the codebook in ../shared.
for f in actors.txt agents.txt verbs.txt discards.txt; do
	[ -s "$D/$f" ] || { echo "missing $D/$f"; exit 1; }
done
n=$(grep -c '^[0-9]' "$ROOT/data/cameo.tsv" 2>/dev/null)
if [ "${n:-0}" -gt 250 ]; then
	grep '^[0-9]' "$ROOT/data/cameo.tsv" | cut -f1 > "$TMP/cameo"
elif [ -n "$SHARED" ] && [ -r "$SHARED/reference/cameo-codes.csv" ]; then
	# rows: "N",N,"name","code",...  (names may hold commas)
	sed -n 's/^"[0-9]*",[0-9]*,"[^"]*","\([0-9]*\)".*/\1/p' "$SHARED/reference/cameo-codes.csv" > "$TMP/cameo"
else
	: > "$TMP/cameo"   # no list: the event codes are not checked
fi
: > "$TMP/bad"
[ -s "$TMP/cameo" ] && for f in verbs.txt; do
	sed 's/;.*//' "$D/$f" | grep -o '\[[^]]*\]' | tr -d '[] ' | sed 's/[?!]$//' | tr ':' '\n' | sort -u |
	while read -r c; do
		case "$c" in ---|'###'|+++) continue ;; esac
		grep -qx "$c" "$TMP/cameo" || echo "$f: '$c' is not a CAMEO event code"
	done
done >> "$TMP/bad"
sed 's/;.*//' "$D/actors.txt" | grep -o '\[[^]]*\]' | tr -d '[]' | awk '{ print $1 }' | sort -u |
	awk '$0 != "---" && (length($0) % 3 != 0 || $0 !~ /^[A-Z]+$/) { print "actors.txt: bad code \x27" $0 "\x27" }' >> "$TMP/bad"
sed 's/;.*//' "$D/agents.txt" | grep -o '\[[^]]*\]' | tr -d '[] ' | sort -u |
	awk '!/^~[A-Z]+$/ && !/^[A-Z]+~$/ || (length($0) - 1) % 3 { print "agents.txt: bad code \x27" $0 "\x27" }' >> "$TMP/bad"
# the same name twice (as entry or synonym) would make one of them unreachable
sed 's/;.*//' "$D/actors.txt" | grep -v '^[[:space:]]*\[' | grep -v '^[[:space:]]*$' | sed 's/^+//; s/[[:space:]]*\[.*//; s/[[:space:]]*$//; s/[_=]*$//' |
	sort | uniq -d | sed 's/^/actors.txt: entered twice: /' >> "$TMP/bad"
sed 's/;.*//' "$D/agents.txt" | grep '\[' | sed 's/[ \t]*\[.*//; s/[_=]*$//' | sort | uniq -d |
	sed 's/^/agents.txt: entered twice: /' >> "$TMP/bad"
if [ -s "$TMP/bad" ]; then cat "$TMP/bad"; exit 1; fi
if [ -s "$TMP/cameo" ]; then
	echo "codes ok: $(grep -c . "$TMP/cameo") CAMEO codes known"
else
	echo "actor and agent codes ok; event codes not checked (data/cameo.tsv incomplete, ../shared absent)"
fi
