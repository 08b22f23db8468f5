# The compiled CAMEO table agrees with the reference codebooks in
# $SHARED/reference: every code and Goldstein weight of GDELT's scale, every
# code of the CAMEO 1.1b3 CSV (weights too, except where the two references
# contradict each other: there tides follows GDELT), no code of its own,
# and the quad class of every root under both conventions.
TIDES="${TIDES_WRAP:+$TIDES_WRAP }$TIDES"   # valgrind under make valgrind
[ -n "$SHARED" ] && [ -d "$SHARED/reference" ] || { echo "no shared data (\$SHARED empty)"; exit 77; }
R=$SHARED/reference
set -e
$TIDES code --list-cameo > "$TMP/mine.tsv"
test "$(wc -l < "$TMP/mine.tsv")" -gt 300
tr -d '\r' < "$R/gdelt_CAMEO.goldsteinscale.txt" | awk 'NR > 1 && NF >= 2 { print $1 "\t" $2 }' > "$TMP/gdelt.tsv"
# cameo-codes.csv: quoted CSV; column 4 is the code, 5 the weight
tr -d '\r' < "$R/cameo-codes.csv" | awk '
NR > 1 {
	n = 0; f = ""; q = 0
	for (i = 1; i <= length($0); i++) {
		c = substr($0, i, 1)
		if (q) { if (c == "\"") q = 0; else f = f c }
		else if (c == "\"") q = 1
		else if (c == ",") { fld[++n] = f; f = "" }
		else f = f c
	}
	fld[++n] = f
	print fld[4] "\t" fld[5]
}' > "$TMP/csv.tsv"
test "$(wc -l < "$TMP/gdelt.tsv")" -gt 300
test "$(wc -l < "$TMP/csv.tsv")" -gt 300
set +e
awk -F'\t' -v conflicts="016 022 164 165" '
BEGIN { nc = split(conflicts, cl, " "); for (i = 1; i <= nc; i++) conflict[cl[i]] = 1 }
FILENAME ~ /mine/ { mine[$1] = $2; gq[$1] = $3; iq[$1] = $4; next }
FILENAME ~ /gdelt/ { g[$1] = $2; next }
FILENAME ~ /csv/ { c[$1] = $2; next }
END {
	bad = 0
	for (k in g) {
		if (!(k in mine)) { print "missing GDELT code " k; bad++ }
		else if ((mine[k] - g[k]) > 0.001 || (g[k] - mine[k]) > 0.001) { print "code " k ": goldstein " mine[k] ", GDELT " g[k]; bad++ }
	}
	for (k in c) {
		if (!(k in mine)) { print "missing CAMEO code " k; bad++; continue }
		d = mine[k] - c[k]; if (d < 0) d = -d
		if (k in conflict) {
			e = g[k] - c[k]; if (e < 0) e = -e
			if (e < 0.001) { print "code " k " is no longer a conflict between the references; drop the exception"; bad++ }
		} else if (d > 0.001) { print "code " k ": goldstein " mine[k] ", CAMEO " c[k]; bad++ }
	}
	for (k in mine) if (!(k in g) && !(k in c)) { print "code " k " is in neither reference"; bad++ }
	n = 0; for (k in mine) n++
	print n " codes compared, " bad " mismatches"
	exit bad ? 1 : 0
}' "$TMP/mine.tsv" "$TMP/gdelt.tsv" "$TMP/csv.tsv" || exit 1
# roots -> quad class
tr -d '\r' < "$R/quadclass_mapping.tsv" | awk -F'\t' '
FILENAME ~ /mine/ { gq[$1] = $3; iq[$1] = $4; next }
/^#/ || $1 == "root" { next }
{
	split("verbal cooperation,material cooperation,verbal conflict,material conflict", names, ",")
	want = 0; for (i = 1; i <= 4; i++) if ($4 == names[i]) want = i
	if (!($1 in gq)) { print "root " $1 " missing"; bad++; next }
	if (gq[$1] != $3) { print "root " $1 ": GDELT quad " gq[$1] ", reference " $3; bad++ }
	if (iq[$1] != want) { print "root " $1 ": ICEWS quad " iq[$1] ", reference " $4; bad++ }
	roots++
}
END { print roots " roots compared, " bad + 0 " mismatches"; exit (bad || roots != 20) ? 1 : 0 }' "$TMP/mine.tsv" - || exit 1
