# tides code --threads N on every input format, cut into tiny chunks
# (TIDES_CODE_CHUNK, the hidden chunk size of src/cli/code-threads.c) so
# that records, stories and paragraphs straddle chunk boundaries: stdout
# and the whole of stderr (warnings with file:line, in order, and the
# totals) must be byte-identical to one thread.  The inputs are generated
# here with the awkward parts of each format: stories over several lines
# and several JSONL lines of one document (sentence numbers continue
# across chunks), blank lines, bad dates, bad JSON, invalid UTF-8, CRLF,
# over-long lines, TABARI comments across lines and text outside records,
# prose with page numbers, running headers, page breaks mid-sentence and
# hyphenation, PETRARCH XML (read on the caller's thread).
set -e
D="$ROOT/tests/data/hard"
DICTS="--dicts $D --verbs world.verbs --actors world.actors"
LC_ALL=C awk -v out="$TMP" '
function sent(   a, b) {
	a = 1 + int(rand() * nn); b = 1 + a % nn
	return NAME[a] " officials " VB[1 + int(rand() * nv)] " " NAME[b] "."
}
BEGIN {
	srand(7)
	nn = split("United States|Russian Federation|Georgia|China|Ukraine|France|Germany|United Kingdom|Iran|Israel", NAME, "|")
	nv = split("met with|praised|accused|threatened|criticized|hosted|attacked|restored relations with", VB, "|")
	long = "x"; while (length(long) < 70000) long = long long
	# DATE<TAB>ID<TAB>TEXT, stories of 1-4 lines, plain lines, blanks
	f = out "/t.lines"
	for (i = 0; i < 400; i++) {
		k = 1 + int(rand() * 4)
		id = (i % 17 == 5) ? "" : sprintf("S%04d", i)
		for (j = 0; j < k; j++) {
			d = (i % 23 == 3 && j == 0) ? "2001-13-45" : sprintf("20%02d-%02d-%02d", 1 + i % 20, 1 + i % 12, 1 + i % 28)
			printf "%s\t%s\t%s\n", d, id, sent() > f
		}
		if (i % 9 == 0) print "" > f
		if (i % 31 == 0) print sent() > f
		if (i % 37 == 0) printf "2004-01-01\tU%d\t%s \377\376 broken\r\n", i, sent() > f
		if (i % 97 == 0) printf "2004-01-02\tL%d\t%s%s\n", i, sent(), long > f
	}
	close(f)
	# JSONL: whole stories, several lines of one document, bad lines
	f = out "/t.jsonl"
	for (i = 0; i < 400; i++) {
		id = sprintf("J%04d", int(i / 3))
		t = sent() " " sent() "\\n\\n" sent()
		if (i % 29 == 0) print "{\"id\": \"bad\", \"text\": " > f
		else if (i % 31 == 0) printf "{\"id\":\"%s\",\"date\":\"1999-02-30\",\"text\":\"%s\"}\n", id, t > f
		else if (i % 41 == 0) printf "{\"id\":\"%s\",\"date\":\"2001-01-01\"}\n", id > f
		else printf "{\"id\":\"%s\",\"date\":\"2001-%02d-01\",\"text\":\"%s\"}\n", id, 1 + i % 12, t > f
	}
	close(f)
	# TABARI .text records
	f = out "/t.tabari"
	print "# a comment line" > f
	for (i = 0; i < 300; i++) {
		printf "%s %s\n", (i % 43 == 7) ? "991399" : sprintf("9%d%02d%02d", i % 10, 1 + i % 12, 1 + i % 28), sprintf("T%03d", int(i / 2)) > f
		print sent() > f
		if (i % 11 == 0) { print "/* a comment" > f; print "over lines */ " sent() > f }
		else print sent() > f
		print "" > f
		if (i % 19 == 0) { print "stray text outside a record" > f; print "" > f }
	}
	close(f)
	# prose from a PDF: one document, sentence numbers run on
	f = out "/t.txt"
	for (p = 0; p < 120; p++) {
		line = ""
		for (j = 0; j < 2 + p % 4; j++) line = line (j ? " " : "") sent()
		if (p % 7 == 3) {
			print "United States officials" > f; print "" > f; printf "- %d -\n", p > f
			print "" > f; print "Journal of Tested Relations" > f; print "" > f
			print "accused Russian Federation of rela-" > f; print "tions they broke." > f
		}
		while (length(line) > 70) { print substr(line, 1, 70) > f; line = substr(line, 71) }
		print line > f
		print "" > f
		if (p % 13 == 0) { print "Journal of Tested Relations" > f; print "" > f }
		if (p % 29 == 0) { printf "\f%d\n", p > f; print "" > f }
	}
	close(f)
	# PETRARCH XML
	f = out "/t.xml"
	print "<Sentences>" > f
	for (i = 0; i < 200; i++) {
		printf "<Sentence date=\"%s\" id=\"AFP%07d_%d\" sentence=\"true\">\n<Text>\n%s\n</Text>\n</Sentence>\n", \
		    (i % 37 == 1) ? "20011345" : "20010203", int(i / 3), i % 3, sent() > f
	}
	print "</Sentences>" > f
}'
for f in t.lines t.jsonl t.tabari t.txt t.xml; do
	$TIDES code $DICTS "$TMP/$f" > "$TMP/one.tsv" 2> "$TMP/one.err"
	test "$(wc -l < "$TMP/one.tsv")" -gt 100 || { echo "$f: too few events"; exit 1; }
	grep -q "$f:[0-9]*: " "$TMP/one.err" || test $f = t.txt || { echo "$f: no warnings to compare"; exit 1; }
	for n in 2 3; do
		for c in 1 333 4096 100000; do
			TIDES_CODE_CHUNK=$c $TIDES code --threads $n $DICTS "$TMP/$f" > "$TMP/par.tsv" 2> "$TMP/par.err"
			cmp "$TMP/one.tsv" "$TMP/par.tsv" || { echo "$f: --threads $n chunk $c: events differ"; exit 1; }
			cmp "$TMP/one.err" "$TMP/par.err" || { echo "$f: --threads $n chunk $c: messages differ"; diff "$TMP/one.err" "$TMP/par.err" | head; exit 1; }
		done
	done
done
# sentence numbers continue across chunks: prose is one document
$TIDES code --sentences "$TMP/t.txt" 2>/dev/null | tail -1 | cut -f2 > "$TMP/last"
test "$(cat "$TMP/last")" -gt 300
# several files in one run, JSONL output, and --db (sentences shifted too)
$TIDES code --format jsonl $DICTS "$TMP/t.txt" "$TMP/t.lines" "$TMP/t.xml" "$TMP/t.jsonl" > "$TMP/one.jsonl" 2> "$TMP/one.err"
TIDES_CODE_CHUNK=500 $TIDES code --threads 2 --format jsonl $DICTS "$TMP/t.txt" "$TMP/t.lines" "$TMP/t.xml" "$TMP/t.jsonl" > "$TMP/par.jsonl" 2> "$TMP/par.err"
cmp "$TMP/one.jsonl" "$TMP/par.jsonl"
cmp "$TMP/one.err" "$TMP/par.err"
# --db: the workers keep every story with its final events and a store
# thread writes them (code_par_set_store): prose chunks continue one
# document (their leading runs shift on a worker), XML goes in batches read
# on the caller's thread, and tiny chunks end inside records
ALL="$TMP/t.txt $TMP/t.jsonl $TMP/t.xml $TMP/t.lines $TMP/t.tabari"
# shellcheck disable=SC2086
$TIDES code $DICTS --db "$TMP/one.db" $ALL > "$TMP/one.tsv" 2> "$TMP/one.err"
$TIDES stats --db "$TMP/one.db" > "$TMP/a"
$TIDES export --db "$TMP/one.db" >> "$TMP/a"
command -v sqlite3 > /dev/null && sqlite3 "$TMP/one.db" 'SELECT * FROM sentences ORDER BY 1, 2' >> "$TMP/a"
for n in 2 3; do
	for c in 1 700 100000; do
		rm -f "$TMP/par.db" "$TMP/par.db-wal" "$TMP/par.db-shm"
		# shellcheck disable=SC2086
		TIDES_CODE_CHUNK=$c $TIDES code --threads $n $DICTS --db "$TMP/par.db" $ALL > "$TMP/par.tsv" 2> "$TMP/par.err"
		cmp "$TMP/one.tsv" "$TMP/par.tsv" || { echo "--db --threads $n chunk $c: events differ"; exit 1; }
		cmp "$TMP/one.err" "$TMP/par.err" || { echo "--db --threads $n chunk $c: messages differ"; exit 1; }
		$TIDES stats --db "$TMP/par.db" > "$TMP/b"
		$TIDES export --db "$TMP/par.db" >> "$TMP/b"
		command -v sqlite3 > /dev/null && sqlite3 "$TMP/par.db" 'SELECT * FROM sentences ORDER BY 1, 2' >> "$TMP/b"
		cmp "$TMP/a" "$TMP/b" || { echo "--db --threads $n chunk $c: stores differ"; exit 1; }
	done
done
# stdin (the prose reader spools it for its header scan)
$TIDES code $DICTS - < "$TMP/t.txt" > "$TMP/one.tsv" 2> "$TMP/one.err"
TIDES_CODE_CHUNK=900 $TIDES code --threads 2 $DICTS - < "$TMP/t.txt" > "$TMP/par.tsv" 2> "$TMP/par.err"
cmp "$TMP/one.tsv" "$TMP/par.tsv"
cmp "$TMP/one.err" "$TMP/par.err"
# the project's own small inputs: BOM + CRLF on line 1, NUL bytes, bad
# UTF-8, empty files, Chinese prose
for f in "$ROOT"/tests/bad/code/* "$ROOT"/tests/data/text/*.txt "$ROOT"/tests/data/text/*.lines \
         "$ROOT"/tests/data/text/*.jsonl "$ROOT"/tests/data/text/*.tabari; do
	$TIDES code $DICTS "$f" > "$TMP/one.tsv" 2> "$TMP/one.err" || true
	for c in 1 50; do
		TIDES_CODE_CHUNK=$c $TIDES code --threads 2 $DICTS "$f" > "$TMP/par.tsv" 2> "$TMP/par.err" || true
		cmp "$TMP/one.tsv" "$TMP/par.tsv" || { echo "$f: chunk $c: events differ"; exit 1; }
		cmp "$TMP/one.err" "$TMP/par.err" || { echo "$f: chunk $c: messages differ"; exit 1; }
	done
done
# a JSONL line over the 1 MB limit is cut where the one-thread reader cuts
# it (and warned about at the same line), also when it spans many chunks
LC_ALL=C awk 'BEGIN {
	x = "Iran accused Israel. "; while (length(x) < 1100000) x = x x
	print "{\"id\":\"a\",\"text\":\"France praised Germany.\"}"
	print "{\"id\":\"b\",\"text\":\"" x "\"}"
	print "{\"id\":\"c\",\"text\":\"China hosted Georgia.\"}"
}' > "$TMP/long.jsonl"
$TIDES code $DICTS "$TMP/long.jsonl" > "$TMP/one.tsv" 2> "$TMP/one.err"
grep -q 'long.jsonl:2: line longer than' "$TMP/one.err"
for c in 1 1000 70000; do
	TIDES_CODE_CHUNK=$c $TIDES code --threads 2 $DICTS "$TMP/long.jsonl" > "$TMP/par.tsv" 2> "$TMP/par.err"
	cmp "$TMP/one.tsv" "$TMP/par.tsv"
	cmp "$TMP/one.err" "$TMP/par.err"
done
# under valgrind (make valgrind sets TIDES_WRAP): chunk readers, leading
# runs and the 1 MB line; memory errors and leaks fail the run
for f in t.txt t.lines t.tabari long.jsonl; do
	$TIDES code $DICTS "$TMP/$f" > "$TMP/one.tsv" 2> /dev/null
	TIDES_CODE_CHUNK=333 $TIDES_WRAP $TIDES code --threads 3 $DICTS "$TMP/$f" > "$TMP/par.tsv" 2> "$TMP/err" || { cat "$TMP/err"; exit 1; }
	cmp "$TMP/one.tsv" "$TMP/par.tsv"
done
# no cut for more than 8 x chunk + 1 MiB (25,000 lines of one document, a
# book without blank lines after some paragraphs): the rest of the file is
# read in one piece on the caller's thread, sentence numbers going on
LC_ALL=C awk -v out="$TMP" 'BEGIN {
	f = out "/run.lines"
	for (i = 0; i < 300; i++) printf "2001-01-01\tA%d\tFrance praised Germany.\n", i > f
	for (i = 0; i < 25000; i++) printf "2001-01-02\tSAME\tIran accused Israel of attacks number %d.\n", i > f
	for (i = 0; i < 300; i++) printf "2001-01-03\tB%d\tChina hosted Georgia.\n", i > f
	f = out "/book.txt"
	for (i = 0; i < 300; i++) printf "France praised Germany in part %d.\n\n", i > f
	for (i = 0; i < 40000; i++) printf "Iran accused Israel again in part %d.\n", i > f
}'
for f in run.lines book.txt; do
	$TIDES code $DICTS "$TMP/$f" > "$TMP/one.tsv" 2> "$TMP/one.err"
	TIDES_CODE_CHUNK=100 $TIDES code --threads 2 $DICTS "$TMP/$f" > "$TMP/par.tsv" 2> "$TMP/par.err"
	cmp "$TMP/one.tsv" "$TMP/par.tsv" || { echo "$f: events differ"; exit 1; }
	cmp "$TMP/one.err" "$TMP/par.err"
done
# warnings of the coder (Chinese sentences too long to code whole) between
# those of the reader (bad dates, invalid UTF-8, forced cuts of Chinese
# prose), in one-thread order: the leading run of a chunk is coded later,
# and the lines and prose readers read a line ahead of every story
Z="$ROOT/data/dict/zh"
LC_ALL=C awk -v out="$TMP" 'BEGIN {
	long = ""; for (i = 0; i < 60; i++) long = long "我他你她它和在是有的"
	f = out "/zh.lines"
	for (p = 0; p < 60; p++) {
		printf "2022-03-%02d\tZ%d\t美国谴责俄罗斯。\n", 1 + p % 28, p > f
		if (p % 3 == 1) printf "2022-03-01\tL%d\t%s\n", p, long > f
		if (p % 4 == 2) printf "2022-13-01\tB%d\t中国同美国举行会谈。\n", p > f
		if (p % 5 == 3) printf "2022-03-02\tL%d\t%s\n2022-03-02\tL%d\t%s\n", p, long, p, long > f
		if (p % 7 == 4) printf "%s\n", long > f
	}
	f = out "/zh.txt"
	for (p = 0; p < 40; p++) {
		print "美国国务卿布林肯16日同俄罗斯外长拉夫罗夫举行会谈。同日，美国对俄罗斯实施新的制裁。" > f
		if (p % 3 == 1) { for (i = 0; i < 90; i++) printf "一二三四五六七八九十" > f; print "" > f }
		if (p % 5 == 2) printf "美国谴责\377俄罗斯。\n" > f
		print "" > f
	}
}'
for f in zh.lines zh.txt; do
	$TIDES code --dicts "$Z" --date 2022-03-17 "$TMP/$f" > "$TMP/one.tsv" 2> "$TMP/one.err"
	test "$(wc -l < "$TMP/one.tsv")" -gt 20
	grep -q "$f:[0-9]*: Chinese sentence of\|$f:[0-9]*: Chinese text of" "$TMP/one.err"
	for c in 1 100 200 3000; do
		TIDES_CODE_CHUNK=$c $TIDES code --threads 2 --dicts "$Z" --date 2022-03-17 "$TMP/$f" > "$TMP/par.tsv" 2> "$TMP/par.err"
		cmp "$TMP/one.tsv" "$TMP/par.tsv"
		cmp "$TMP/one.err" "$TMP/par.err" || { echo "$f: chunk $c: messages differ"; diff "$TMP/one.err" "$TMP/par.err" | head; exit 1; }
	done
done
# the same for inputs read on the caller's thread: PETRARCH XML, and the
# rest of a file without a cut in sight (1,500 lines of one document, 1.4 MB)
LC_ALL=C awk -v out="$TMP" 'BEGIN {
	long = ""; for (i = 0; i < 60; i++) long = long "我他你她它和在是有的"
	f = out "/zh.xml"
	print "<Sentences>" > f
	for (i = 0; i < 60; i++)
		printf "<Sentence date=\"%s\" id=\"X%07d_%d\" sentence=\"true\">\n<Text>\n%s\n</Text>\n</Sentence>\n", \
		    (i % 7 == 1) ? "20221345" : "20220303", int(i / 2), i % 2, (i % 3 == 1) ? long : "美国谴责俄罗斯。" > f
	print "</Sentences>" > f
	f = out "/zhrun.lines"
	for (i = 0; i < 30; i++) printf "2022-03-01\tA%d\t美国谴责俄罗斯。\n", i > f
	printf "2022-13-01\tR\t美国谴责俄罗斯。\n" > f
	for (i = 0; i < 1500; i++) printf "2022-03-0%d\tR\t%s\n", 1 + i % 9, (i % 2 == 1) ? long : "中国同美国举行会谈。" > f
	printf "2022-13-01\tB\t美国谴责俄罗斯。\n" > f
}'
for f in zh.xml zhrun.lines; do
	$TIDES code --dicts "$Z" "$TMP/$f" > "$TMP/one.tsv" 2> "$TMP/one.err"
	grep -q "$f:[0-9]*: Chinese sentence of" "$TMP/one.err"
	grep -q "$f:[0-9]*: bad date" "$TMP/one.err"
	TIDES_CODE_CHUNK=100 $TIDES code --threads 2 --dicts "$Z" "$TMP/$f" > "$TMP/par.tsv" 2> "$TMP/par.err"
	cmp "$TMP/one.tsv" "$TMP/par.tsv"
	cmp "$TMP/one.err" "$TMP/par.err" || { echo "$f: messages differ"; diff "$TMP/one.err" "$TMP/par.err" | head; exit 1; }
done
# a blank line (a NUL byte, warned about) between a story that does not
# read ahead and the next chunk's first line: its warning stays
printf '2001-01-02\tA\tFrance praised Germany.\nxiv\n\000\n2001-01-02\tB\tIran accused Israel.\n' > "$TMP/nul.lines"
$TIDES code $DICTS "$TMP/nul.lines" > "$TMP/one.tsv" 2> "$TMP/one.err"
grep -q 'nul.lines:3: 1 invalid UTF-8 or NUL byte replaced' "$TMP/one.err"
TIDES_CODE_CHUNK=1 $TIDES code --threads 2 $DICTS "$TMP/nul.lines" > "$TMP/par.tsv" 2> "$TMP/par.err"
cmp "$TMP/one.tsv" "$TMP/par.tsv"
cmp "$TMP/one.err" "$TMP/par.err"
# random inputs of each format made of the awkward parts (blank lines,
# CR, form feeds, BOMs, NUL and invalid bytes, page numbers, headers,
# lowercase continuations, bad dates, long ids, TABARI comments)
for fmt in lines tabari text; do
	for seed in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		LC_ALL=C awk -v seed=$seed -v fmt=$fmt 'BEGIN {
			srand(seed)
			nn = split("United States|Russian Federation|Georgia|China|Iran|Israel", N, "|")
			nv = split("met with|praised|accused|threatened|hosted|attacked", V, "|")
			nz = split("| |\t|\r|\f|\357\273\277|\377\376|12|- 3 -|Page 4|Journal of Tests|xiv|lowercase goes on|rela-|tions|2001-13-45|#", Z, "|")
			nd = split("2001-01-02|2001-13-45||1999-02-30|2001-1-2", DT, "|")
			ni = split("A|B|A|| A |CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC", ID, "|")
			eol = rand() < 0.2 ? "\r\n" : "\n"
			for (i = int(rand() * 60); i >= 0; i--) {
				k = rand(); s = N[1 + int(rand() * nn)] " officials " V[1 + int(rand() * nv)] " " N[1 + int(rand() * nn)] "."
				z = Z[1 + int(rand() * nz)]
				if (fmt == "lines") {
					if (k < 0.5) printf "%s\t%s\t%s %s%s", DT[1 + int(rand() * nd)], ID[1 + int(rand() * ni)], s, z, eol
					else if (k < 0.7) printf "%s%s", s, eol
					else if (k < 0.85) printf "%s", eol
					else if (k < 0.9) printf "%c%s", 0, eol
					else printf "%s%s", z, eol
				} else if (fmt == "tabari") {
					if (k < 0.4) {
						printf "%s%s", (rand() < 0.8 ? "950101 T" int(rand() * 3) : "991399 T9"), eol
						for (j = int(rand() * 4); j > 0; j--) printf "%s%s", (rand() < 0.7 ? s : rand() < 0.5 ? "/* c" : "c */ " s), eol
						printf "%s", eol
					} else if (k < 0.6) printf "%s", eol
					else printf "%s%s", (rand() < 0.5 ? s : z), eol
				} else {
					if (k < 0.45) printf "%s%s", (rand() < 0.3 ? substr(s, 1, 1 + int(rand() * length(s))) : s), eol
					else if (k < 0.7) printf "%s", eol
					else printf "%s%s", z, eol
				}
			}
		}' > "$TMP/r.$fmt"
		$TIDES code --input-format $fmt $DICTS "$TMP/r.$fmt" > "$TMP/one.tsv" 2> "$TMP/one.err"
		for c in 1 30; do
			TIDES_CODE_CHUNK=$c $TIDES code --threads 2 --input-format $fmt $DICTS "$TMP/r.$fmt" > "$TMP/par.tsv" 2> "$TMP/par.err"
			cmp -s "$TMP/one.tsv" "$TMP/par.tsv" && cmp -s "$TMP/one.err" "$TMP/par.err" ||
				{ echo "random $fmt input, seed $seed, chunk $c: differs"; cp "$TMP/r.$fmt" "$TMP/failed"; exit 1; }
		done
	done
done
