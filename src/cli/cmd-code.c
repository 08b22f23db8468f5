/*
 * cmd-code.c — `tides code`: news text in, CAMEO events out.
 *
 * Reads every INPUT ("-" or none: stdin) with the text readers, codes each
 * story with the coder, and writes the events to stdout as TSV (with a
 * header) or JSON Lines.  Bad input lines are warned about and counted; the
 * totals go to stderr at the end.  Only fatal errors (an unreadable file, a
 * bad dictionary, out of memory) make the exit status non-zero.
 *
 * Two extra modes serve tests and debugging: --sentences prints what the
 * readers made of the input (one sentence per line) without coding, and
 * --list-cameo prints the compiled CAMEO table.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/banned.h"

typedef struct code_opts {
	tides_reader_opts ro;
	int jsonl;
	int sentences;
	tides_quad_convention quad;
} code_opts;

typedef struct code_counts {
	unsigned long stories, sentences, events;
} code_counts;

/* Every code of the table, in strcmp order, through the public lookup:
 * CAMEO codes are 2 to 4 digits. */
static void list_prefix(char *code, size_t len)
{
	char d;
	const tides_cameo_code *c;
	if (len >= 2 && (c = tides_cameo_find(code)) != NULL)
		printf("%s\t%.1f\t%d\t%d\t%s\n", c->code, c->goldstein,
		       tides_cameo_quad(c->code, TIDES_QUAD_GDELT),
		       tides_cameo_quad(c->code, TIDES_QUAD_ICEWS), c->name);
	if (len == 4)
		return;
	for (d = '0'; d <= '9'; d++) {
		code[len] = d;
		code[len + 1] = '\0';
		list_prefix(code, len + 1);
	}
	code[len] = '\0';
}

static void print_sentence_escaped(const char *s)
{
	for (; *s; s++) {
		if (*s == '\t')
			fputs("\\t", stdout);
		else if (*s == '\n')
			fputs("\\n", stdout);
		else
			putchar(*s);
	}
}

static int dump_story(const tides_story *st)
{
	size_t i;
	for (i = 0; i < st->nsent; i++) {
		const tides_sentence *s = &st->sent[i];
		printf("%s\t%d\t%s\t%d\t%s\t", s->doc_id, s->sentence, s->date, s->date_precision, s->lang);
		print_sentence_escaped(s->text);
		putchar('\n');
	}
	return 0;
}

static int read_input(const char *path, const code_opts *o, cli_env *env, code_counts *n)
{
	tides_reader *r = NULL;
	const tides_story *st;
	int rc = 0;
	if (tides_reader_open(env->ctx, path, &o->ro, &r) != TIDES_OK)
		return cli_fail(env);
	for (;;) {
		if (tides_reader_next(r, &st) != TIDES_OK) {
			rc = cli_fail(env);
			break;
		}
		if (!st)
			break;
		n->stories++;
		n->sentences += st->nsent;
		if (o->sentences) {
			dump_story(st);
			continue;
		}
		rc = cli_die(1, "code: the event coder is not part of this build yet; "
		                "use --sentences to see what the readers make of the input");
		break;
	}
	tides_reader_free(r);
	return rc;
}

int cmd_code(int argc, char **argv, cli_env *env)
{
	enum { O_FORMAT = 256, O_INFMT, O_DATE, O_LANG, O_QUAD, O_DB, O_LIST, O_SENT, O_ID,
	       O_DICTS, O_VERBS, O_ACTORS, O_AGENTS, O_DISCARDS, O_ISSUES, O_OPTIONS, O_STORYDATE };
	static const struct option longopts[] = {
		{"dicts", required_argument, NULL, O_DICTS},
		{"verbs", required_argument, NULL, O_VERBS},
		{"actors", required_argument, NULL, O_ACTORS},
		{"agents", required_argument, NULL, O_AGENTS},
		{"discards", required_argument, NULL, O_DISCARDS},
		{"issues", required_argument, NULL, O_ISSUES},
		{"options", required_argument, NULL, O_OPTIONS},
		{"format", required_argument, NULL, O_FORMAT},
		{"input-format", required_argument, NULL, O_INFMT},
		{"date", required_argument, NULL, O_DATE},
		{"lang", required_argument, NULL, O_LANG},
		{"quad", required_argument, NULL, O_QUAD},
		{"db", required_argument, NULL, O_DB},
		{"id", required_argument, NULL, O_ID},
		{"story-dates-only", no_argument, NULL, O_STORYDATE},
		{"sentences", no_argument, NULL, O_SENT},
		{"list-cameo", no_argument, NULL, O_LIST},
		{NULL, 0, NULL, 0},
	};
	code_opts o;
	code_counts n = {0, 0, 0};
	int c, i, rc = 0;
	memset(&o, 0, sizeof o);
	o.ro.format = TIDES_IN_AUTO;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case O_DICTS: case O_VERBS: case O_ACTORS: case O_AGENTS: case O_DISCARDS:
		case O_ISSUES: case O_OPTIONS:
			break; /* dictionaries: used when coding */
		case O_FORMAT:
			if (strcmp(optarg, "tsv") == 0)
				o.jsonl = 0;
			else if (strcmp(optarg, "jsonl") == 0)
				o.jsonl = 1;
			else
				return cli_usage_error("code", "unknown --format '%s' (tsv or jsonl)", optarg);
			break;
		case O_INFMT: {
			int f = tides_input_format_parse(optarg);
			if (f < 0)
				return cli_usage_error("code", "unknown --input-format '%s'", optarg);
			o.ro.format = (tides_input_format)f;
			break;
		}
		case O_DATE:
			o.ro.default_date = optarg;
			break;
		case O_LANG:
			if (strcmp(optarg, "en") != 0 && strcmp(optarg, "zh") != 0)
				return cli_usage_error("code", "unknown --lang '%s' (en or zh)", optarg);
			o.ro.default_lang = optarg;
			break;
		case O_QUAD:
			if (strcmp(optarg, "gdelt") == 0)
				o.quad = TIDES_QUAD_GDELT;
			else if (strcmp(optarg, "icews") == 0)
				o.quad = TIDES_QUAD_ICEWS;
			else
				return cli_usage_error("code", "unknown --quad '%s' (gdelt or icews)", optarg);
			break;
		case O_DB:
			return cli_usage_error("code", "--db is not part of this build yet");
		case O_ID:
			o.ro.doc_id = optarg;
			break;
		case O_STORYDATE:
			o.ro.story_dates_only = 1;
			break;
		case O_SENT:
			o.sentences = 1;
			break;
		case O_LIST: {
			char code[8] = "";
			list_prefix(code, 0);
			return 0;
		}
		default:
			return cli_usage_error("code", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (o.sentences)
		printf("doc_id\tsentence\tdate\tdate_precision\tlang\ttext\n");
	if (optind >= argc) {
		rc = read_input("-", &o, env, &n);
	} else {
		for (i = optind; i < argc && rc == 0; i++)
			rc = read_input(argv[i], &o, env, &n);
	}
	fprintf(stderr, "tides: %lu stories, %lu sentences, %lu events\n", n.stories, n.sentences,
	        n.events);
	cli_warn_summary(env, "lines skipped or repaired");
	return rc;
}
