# Every name of the default actor dictionary that is also an entry of
# Phoenix.Countries.actors.txt (and of the Phoenix international and
# non-state actor files, when present) gets the same code in both (the undated
# code of ours against Phoenix's current one: its undated code, else the
# one valid from a date on, else the last listed).  Deliberate deviations
# are listed below with the reason; any other disagreement fails.
[ -n "$SHARED" ] || { echo "skip: needs ../shared/data (Phoenix dictionaries)"; exit 77; }
PHX="$SHARED/petrarch/Phoenix.Countries.actors.txt"
[ -r "$PHX" ] || { echo "skip: $PHX not found"; exit 77; }
MORE=""
for f in Phoenix.International.actors.txt Phoenix.MilNonState.actors.txt; do
	[ -r "$SHARED/petrarch/$f" ] && MORE="$MORE $SHARED/petrarch/$f"
done
OURS="$ROOT/data/dict/en/actors.txt"

# name<TAB>our code<TAB>Phoenix code<TAB>why ours differs
cat > "$TMP/allow" <<'ALLOW'
CONGO	COD	COG	bare "Congo" in current English news is the DR Congo
SAMOAN	WSM	USAASM	the people of the state of Samoa, not of American Samoa
ANSAR_ALLAH	YEMREB	LBNREB	Ansar Allah is the Houthi movement of Yemen
ECONOMIC_COMMUNITY_OF_WEST_AFRICAN_STATES	IGOWAFBUSWAS	IGOWAFWAS	Phoenix codes the acronym IGOWAFBUSWAS; one code for both names
FOOD_AND_AGRICULTURE_ORGANIZATION	IGOUNOAGRFAO	IGOAGR	Phoenix codes "UN Food and Agriculture Organization" IGOUNOAGRFAO; one code for both
ORGANIZATION_OF_THE_ISLAMIC_CONFERENCE	IGOMOSOIC	IGOMOS	Phoenix has both IGOMOS and IGOMOSOIC for the OIC; the specific one
ALLOW

# Our entries with one undated code: NAME<TAB>CODE
awk '
function flush(   i) { if (n && ncode == 1 && undated) for (i = 1; i <= n; i++) print name[i] "\t" code; n = 0; ncode = 0; undated = 0 }
function norm(s) { sub(/[ \t]*;.*/, "", s); gsub(/[ \t]+$/, "", s); sub(/^\+/, "", s); gsub(/-/, "_", s); sub(/[_=]+$/, "", s); return toupper(s) }
/^[ \t]*;/ || /^[ \t]*$/ { next }
/^[ \t]*\[/ { c = $0; sub(/^[ \t]*\[[ \t]*/, "", c); sub(/\].*/, "", c); ncode++; split(c, w, /[ \t]+/); code = w[1]; undated = (c !~ /[0-9]/); next }
/^\+/ { name[++n] = norm($0); next }
{ flush(); name[++n] = norm($0) }
END { flush() }
' "$OURS" | sort -u > "$TMP/ours"

# Phoenix entries: NAME<TAB>current code (one line per block the name is in)
awk '
function pick(   i, cur) {
	cur = ""
	for (i = 1; i <= nc; i++) if (cd[i] !~ /[0-9]/) { split(cd[i], w, /[ \t]+/); return w[1] }
	for (i = 1; i <= nc; i++) if (cd[i] ~ />/) { split(cd[i], w, /[ \t]+/); cur = w[1] }
	if (cur == "" && nc) { split(cd[nc], w, /[ \t]+/); cur = w[1] }
	return cur
}
function flush(   i, c) { if (n && nc) { c = pick(); for (i = 1; i <= n; i++) print name[i] "\t" c }; n = 0; nc = 0 }
function codes(s,   t) {
	while (match(s, /\[[^]]*\]/)) { t = substr(s, RSTART + 1, RLENGTH - 2); gsub(/^[ \t]+|[ \t]+$/, "", t); if (t != "") cd[++nc] = t; s = substr(s, RSTART + RLENGTH) }
}
function norm(s) { sub(/\[.*/, "", s); sub(/^\+/, "", s); gsub(/[ \t]+$/, "", s); gsub(/-/, "_", s); sub(/[_=]+$/, "", s); return toupper(s) }
FNR == 1 { flush() }
{ sub(/\r$/, ""); sub(/#.*/, "") }
/^[ \t]*$/ { next }
/^[ \t]/ { codes($0); next }
/^\+/ { name[++n] = norm($0); codes($0); next }
{ flush(); name[++n] = norm($0); codes($0) }
END { flush() }
' "$PHX" $MORE | sort -u > "$TMP/phx"

# Join: a name agrees when our code is one of Phoenix's codes for it.
awk -F'\t' '
FILENAME == ARGV[1] { ok[$1 "\t" $2] = $4; next }
FILENAME == ARGV[2] { p[$1] = p[$1] ? p[$1] "," $2 : $2; next }
($1 in p) {
	both++
	n = split(p[$1], c, ","); hit = 0
	for (i = 1; i <= n; i++) if (c[i] == $2) hit = 1
	if (hit) { agree++; next }
	if (($1 "\t" $2) in ok) { allowed++; printf "deviation %s: ours %s, Phoenix %s (%s)\n", $1, $2, p[$1], ok[$1 "\t" $2]; next }
	bad++; printf "DISAGREE %s: ours %s, Phoenix %s\n", $1, $2, p[$1]
}
END {
	printf "%d names in both, %d agree, %d deliberate deviations, %d disagreements\n", both, agree, allowed, bad
	if (both < 300) { print "too few names compared: a parser is broken"; exit 1 }
	exit bad ? 1 : 0
}
' "$TMP/allow" "$TMP/phx" "$TMP/ours"
