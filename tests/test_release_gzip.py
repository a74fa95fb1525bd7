"""``sens-graph.nq.gz`` is made a chunk at a time (issue 13: the N-Quads are ~2.8 GB at 10^7 quads) and its
bytes depend on the text alone: no timestamp, no file name, the same operating-system byte whatever the
Python version (``gzip.compress`` changed it between versions)."""

from __future__ import annotations

import gzip
import zlib

from sens_graph.release import GZIP_LEVEL, compress_nquads

QUAD = '<https://w3id.org/sens-graph/du-cns/module/m1> <http://www.w3.org/2004/02/skos/core#prefLabel> "Santé"@fr .\n'


def test_the_gzip_holds_the_text_across_chunks_and_says_no_date_nor_name() -> None:
    text = QUAD * (((1 << 24) // len(QUAD)) + 5)  # over one 16 Mi-character chunk, with non-ASCII characters
    data = compress_nquads(text)
    assert gzip.decompress(data) == text.encode("utf-8")
    assert data[:10] == b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"  # deflate, no name, mtime 0, Unix
    deflated = zlib.compress(text.encode("utf-8"), GZIP_LEVEL, wbits=-zlib.MAX_WBITS)
    assert data[10:-8] == deflated  # the same deflate stream as in one piece
    assert compress_nquads(text) == data
    assert gzip.decompress(compress_nquads("")) == b""
