# tests/cli/lib.sh — helpers for the CLI test scripts, sourced as
#   . "$ROOT/tests/cli/lib.sh"
# (tests/run.sh runs only tests/cli/[0-9]*.sh, so this file is no test).

# The columns of a `tides suite` file, written as a new FILE's first line.
suite_head() { # FILE
	printf 'suite\tid\tcategory\tdate\tevaluate\tcheck\tconfig\texpected\tn_expected\tparse_type\ttext\tdictionaries\n' > "$1"
}

# One evaluated case of a suite (the category is the suite's name).
suite_row() { # FILE SUITE ID DATE EXPECTED TEXT DICTIONARIES
	printf '%s\t%s\t%s\t%s\ttrue\t\t\t%s\t\t\t%s\t%s\n' "$2" "$3" "$2" "$4" "$5" "$6" "$7" >> "$1"
}

# Compares FILE with the text on standard input (a here-document); the
# difference is printed and the status is diff's.
expect_file() { # FILE
	cat > "$TMP/expected.$$"
	diff "$TMP/expected.$$" "$1"
}

# FILE's messages but the closing count of `tides import`.
import_msgs() { # FILE
	grep -v '^tides: imported ' "$1" || true
}

# `tides import` of FILE with OPTIONS on one thread and with --threads N
# for each N of THREADS ("2 3"), in the current folder: the same exit
# status, messages (but the closing count), stats, export, segment blobs
# and progress rows, else the script stops.
import_same() { # THREADS FILE OPTIONS...
	is_n=$1; is_f=$2; shift 2
	rm -f one.db* par.db*
	is_rc1=0; $TIDES import "$@" --db one.db $is_f 2> one.err || is_rc1=$?
	for is_k in $is_n; do
		rm -f par.db*
		is_rc2=0; $TIDES import "$@" --threads $is_k --db par.db $is_f 2> par.err || is_rc2=$?
		test $is_rc1 -eq $is_rc2 || { echo "exit $is_rc1 vs $is_rc2 for $is_f $* --threads $is_k"; exit 1; }
		import_msgs one.err > a; import_msgs par.err > b
		cmp a b || { echo "$is_f $* --threads $is_k: messages differ"; exit 1; }
		$TIDES stats --db one.db > a; $TIDES stats --db par.db > b; cmp a b
		$TIDES export --db one.db > a; $TIDES export --db par.db > b; cmp a b
		if command -v sqlite3 > /dev/null; then
			is_q='SELECT seg, nrows, nlive, hex(dead), (SELECT hex(data) FROM segment_data d WHERE d.seg = s.seg) FROM segments s ORDER BY seg'
			sqlite3 one.db "$is_q" > a; sqlite3 par.db "$is_q" > b; cmp a b
			is_q='SELECT format, size, offset, line, rows, done FROM import_progress ORDER BY path'
			sqlite3 one.db "$is_q" > a; sqlite3 par.db "$is_q" > b; cmp a b
		fi
	done
}
