#!/bin/sh
# tests/bad/gen.sh KIND N [SEED] — prints N generated rows/records of KIND to
# stdout, deterministic for a given SEED (default 1).  Used by the hardening
# tests (tests/cli/6NN), the fuzz seed corpora and bench/threads.sh and
# bench/rss.sh, so big inputs are made at run time and never committed.
#
# KIND: gdelt1 (58 columns) gdelt2 (61) icews (20, with header) phoenix (26)
#       lines (DATE<TAB>ID<TAB>TEXT news sentences for `tides code`)
#       jsonl (the same as {"id","date","text"} objects)
#       tabari-verbs / tabari-actors (a dictionary with N entries)
#
# Actors and verbs are drawn from a small fixed world (the words of
# dicts/ below), so coded output is non-trivial; the mixture of dyads and
# codes depends on SEED.
KIND=$1
N=${2:-10}
SEED=${3:-1}
LC_ALL=C awk -v kind="$KIND" -v n="$N" -v seed="$SEED" '
function rnd(k) { s = (s * 1103515245 + 12345) % 2147483648; return int(s / 65536) % k }
function day(i,   y, m, d) {
	y = 1995 + int(i / 336) % 25; m = 1 + int(i / 28) % 12; d = 1 + i % 28
	return sprintf("%04d%02d%02d", y, m, d)
}
function iso(x) { return substr(x, 1, 4) "-" substr(x, 5, 2) "-" substr(x, 7, 2) }
function cols(k, first,   r, j) { r = first; for (j = 2; j <= k; j++) r = r "\t"; return r }
BEGIN {
	s = seed * 7919 + 17
	nc = split("USA RUS GEO CHN UKR FRA DEU GBR IRN ISR", C, " ")
	nn = split("United States|Russian Federation|Georgia|China|Ukraine|France|Germany|United Kingdom|Iran|Israel", NAME, "|")
	nv = split("036 042 043 057 061 064 071 112 120 130 138 141 163 173 190 193", V, " ")
	ng = split("4.0 1.9 2.8 8.0 6.4 7.0 7.4 -2.0 -4.0 -4.4 -7.0 -6.5 -8.0 -5.0 -10.0 -10.0", G, " ")
	nw = split("Washington|Moscow|Tbilisi|Beijing|Kyiv|Paris|Berlin|London|Tehran|Jerusalem", W, "|")
	nverb = split("met with|praised|accused|threatened|signed an agreement with|criticized|hosted|attacked|restored relations with|demanded that", VB, "|")
	if (kind == "icews")
		print "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\tSentence Number\tPublisher\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude"
	if (kind == "tabari-verbs") print "; generated verbs dictionary"
	if (kind == "tabari-actors") print "; generated actors dictionary"
	for (i = 0; i < n; i++) {
		a = 1 + rnd(nc); b = 1 + rnd(nc); if (b == a) b = 1 + a % nc
		v = 1 + rnd(nv); dt = day(i + rnd(3))
		q = substr(V[v], 1, 2) + 0
		quad = q <= 5 ? 1 : q <= 9 ? 2 : q <= 14 ? 3 : 4
		if (kind == "gdelt1" || kind == "gdelt2") {
			ncol = kind == "gdelt1" ? 58 : 61
			for (j = 0; j < ncol; j++) F[j] = ""
			F[0] = seed * 10000000 + i; F[1] = dt; F[2] = substr(dt, 1, 6); F[3] = substr(dt, 1, 4)
			F[4] = substr(dt, 1, 4) ".0000"
			F[5] = C[a] "GOV"; F[6] = NAME[a]; F[7] = C[a]
			F[15] = C[b]; F[16] = NAME[b]; F[17] = C[b]
			F[25] = 1; F[26] = V[v]; F[27] = V[v]; F[28] = substr(V[v], 1, 2); F[29] = quad
			F[30] = G[v]; F[31] = 1 + rnd(9); F[32] = 1; F[33] = 1 + rnd(5); F[34] = "-1.5"
			F[ncol - 2] = dt; F[ncol - 1] = "http://example.org/news/" i
			line = F[0]; for (j = 1; j < ncol; j++) line = line "\t" F[j]
			print line
		} else if (kind == "icews") {
			printf "%d\t%s\t%s\tGovernment\t%s\t%s\t%s\t%s\t%s\tGovernment\t%s\t%d\t%d\tExample Wire\t%s\t\t\t%s\t0\t0\n", \
			    seed * 10000000 + i, iso(dt), NAME[a], NAME[a], VB[1 + rnd(nverb)], V[v], G[v], NAME[b], NAME[b], \
			    300000 + int(i / 3), 1 + i % 3, W[a], NAME[a]
		} else if (kind == "phoenix") {
			printf "p%d-%d\t%s\t%s\t%s\t%s\t%sGOV\t%s\tGOV\t\t%s\t%s\t\t\t%s\t%s\t%d\t%s\t\t0\t0\t%s\t\t%s\tstory%d_%d\thttp://example.org/p/%d\texamplewire\n", \
			    seed, i, dt, substr(dt, 1, 4), substr(dt, 5, 2), substr(dt, 7, 2), C[a], C[a], C[b], C[b], V[v], \
			    substr(V[v], 1, 2), quad, G[v], W[a], C[a], int(i / 3), 1 + i % 3, i
		} else if (kind == "lines") {
			printf "%s\tDOC-%d-%06d\t%s officials %s %s on %s, the foreign ministry said.\n", \
			    iso(dt), seed, i, NAME[a], VB[1 + rnd(nverb)], NAME[b], "Tuesday"
		} else if (kind == "jsonl") {
			printf "{\"id\":\"DOC-%d-%06d\",\"date\":\"%s\",\"text\":\"%s officials %s %s. Later %s %s %s.\"}\n", \
			    seed, i, iso(dt), NAME[a], VB[1 + rnd(nverb)], NAME[b], NAME[b], VB[1 + rnd(nverb)], NAME[a]
		} else if (kind == "tabari-verbs") {
			printf "VERB%07d  [%s]\n- * WORD%d $  [%s]\n", i, V[v], i % 97, V[1 + rnd(nv)]
		} else if (kind == "tabari-actors") {
			printf "ACTOR%07d_PLACE  [%s%03d]\n", i, C[a], i % 1000
		} else {
			print "gen.sh: unknown kind " kind > "/dev/stderr"; exit 2
		}
	}
}'
