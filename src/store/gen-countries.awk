# gen-countries.awk — turns data/countries.tsv into src/store/countries-table.c (committed),
# the C tables of src/store/country.c.
# Two arrays, each sorted (C locale) for bisection:
#   tides_country_names_[]: lowercased name or variant, ISO-3
#   tides_country_codes_[]: 3-letter code (every ISO-3, plus CAMEO's own codes), ISO-3
# Sorted here, bytewise, so the output is the same on every machine.
BEGIN { FS = "\t" }
/^#/ || $1 == "iso3" || NF == 0 { next }
{
	if (NF != 4 || length($1) != 3 || ($4 != "-" && length($4) != 3)) { print "countries.tsv:" NR ": bad row" > "/dev/stderr"; bad = 1; exit 1 }
	names[tolower($2)] = $1
	n = split($3, v, ";")
	for (i = 1; i <= n; i++) if (v[i] != "") names[tolower(v[i])] = $1
	codes[$1] = $1
	if ($4 != "-") codes[$4] = $1
}
# insertion sort, bytewise (run with LC_ALL=C): the C side bisects with strcmp order
function sortkeys(arr, out,    k, n, i, j, t) {
	n = 0
	for (k in arr) out[++n] = k
	for (i = 2; i <= n; i++) {
		t = out[i]
		for (j = i - 1; j >= 1 && out[j] > t; j--) out[j + 1] = out[j]
		out[j + 1] = t
	}
	return n
}
END {
	if (bad) exit 1
	print "/*"
	print " * countries-table.c — GENERATED from data/countries.tsv; do not edit.  Regenerate with"
	print " *   LC_ALL=C awk -f src/store/gen-countries.awk data/countries.tsv > src/store/countries-table.c"
	print " * (tests/cli/208-countries-table.sh fails when this file and the table disagree).  Kept"
	print " * in the tree so every build, fuzz target and tool links it without a generator step."
	print " */"
	print "#include <stddef.h>"
	print ""
	print "#include \"util/banned.h\""
	print ""
	print "const char *const tides_country_names_[][2] = {"
	n = sortkeys(names, ks)
	for (i = 1; i <= n; i++) { s = ks[i]; gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); printf "\t{\"%s\", \"%s\"},\n", s, names[ks[i]] }
	print "};"
	print "const size_t tides_country_nnames_ = sizeof tides_country_names_ / sizeof tides_country_names_[0];"
	print "const char *const tides_country_codes_[][2] = {"
	n = sortkeys(codes, kc)
	for (i = 1; i <= n; i++) printf "\t{\"%s\", \"%s\"},\n", kc[i], codes[kc[i]]
	print "};"
	print "const size_t tides_country_ncodes_ = sizeof tides_country_codes_ / sizeof tides_country_codes_[0];"
}
