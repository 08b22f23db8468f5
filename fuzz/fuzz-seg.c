/*
 * Fuzz target: the segment decoder (src/store/seg.c).  The input is taken
 * as a segment BLOB as it sits in a store's segment_data table (the seed
 * corpus holds valid segments written by the encoder).  Invariants: a blob
 * the decoder accepts has strictly increasing ids, and every row of it can
 * be read (ASan checks the bounds); a damaged blob is refused, never a
 * crash.  Size bit 0 also decodes column by column through the directory,
 * the path the store's readers take, reading every row of each column
 * accepted.  The seeds cover TSG1 (seed0-2) and every TSG2 kind (seed3-5:
 * PACK, FDICT, one-string DICT, DEC and the TSG1 kinds as fallbacks).
 */
#include "fuzz.h"

#include "store/seg.h"

static volatile unsigned sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	seg_view v;
	tides_event ev;
	uint32_t r;
	if (seg_decode(data, size, &v) == 0) {
		for (r = 0; r < v.nrows; r++) {
			if (r && seg_id(&v, r - 1) >= seg_id(&v, r))
				abort();
			seg_row(&v, r, &ev);
			if (strlen(ev.event_id) != 16)
				abort();
		}
	}
	if (size & 1) {
		seg_dir d;
		int c;
		memset(&v, 0, sizeof v);
		if (seg_dir_parse(data, size, size, &d) == 0)
			for (c = 0; c < SEG_NCOL; c++) {
				char buf[SEG_DEC_BUF];
				size_t len;
				if (seg_col_load(&v, &d, c, data + d.off[c], d.len[c]) != 0)
					continue;
				for (r = 0; r < v.nrows; r++)
					switch (c) {
					case SEG_ID: (void)seg_id(&v, r); break;
					case SEG_DAY: case SEG_SENT: (void)seg_i32(&v.col[c], r); break;
					case SEG_QUAD: (void)seg_quad(&v, r); break;
					case SEG_GOLD: (void)seg_gold(&v, r); break;
					default: {
						const char *sp = seg_str(&v, c, r, buf, &len);
						if (len)
							sink += (unsigned char)sp[len - 1]; /* ASan checks the end */
						break;
					}
					}
			}
	}
	return 0;
}
