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
