"""The HTML page set has no broken link and no external asset; the PDF renders; every file is stamped."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from sens_graph.reports import PDF_NAME, ReportError, parse_formats

from .conftest import BUILD_INFO


class Page(HTMLParser):
    """The ids, links (href, src) and asset references of one HTML file."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.links.append((tag, name, value))

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def pages(generated) -> dict[Path, Page]:
    return {p: parse(p) for p in sorted(generated.out_dir.rglob("*.html"))}


def test_page_set(generated, pages):
    names = {p.name for p in pages if p.parent == generated.out_dir}
    assert "index.html" in names
    for section in generated.report.sections:
        assert f"{section.id}.html" in names


def test_html_has_no_broken_link(generated, pages):
    base = generated.report.base_iri
    checked = 0
    for path, page in pages.items():
        assert page.links, path
        for tag, _attr, url in page.links:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https"):
                # entity IRIs (linked data), never an asset
                assert url.startswith(base), (path.name, url)
                assert tag == "a", (path.name, url)
                continue
            assert not parts.scheme and not parts.netloc, (path.name, url)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{path.name}: {url} does not resolve"
            assert generated.out_dir.resolve() in target.parents or target.parent == generated.out_dir.resolve()
            if parts.fragment:
                assert target.suffix == ".html"
                assert parts.fragment in pages[target].ids, f"{path.name}: no anchor #{parts.fragment} in {target.name}"
            checked += 1
    assert checked > 50


def test_html_is_self_contained(pages):
    for path, page in pages.items():
        html = path.read_text(encoding="utf-8")
        assert "<link" not in html, path.name
        assert not re.search(r"<script[^>]+src=", html), path.name
        for tag, _attr, url in page.links:
            if tag in ("img", "script", "link", "source"):
                assert not urlsplit(url).scheme, (path.name, url)


def test_html_pages_state_version_and_build_date(generated, pages):
    for path, page in pages.items():
        if path.parent != generated.out_dir:
            continue
        text = " ".join(page.text)
        assert BUILD_INFO["version"] in text and BUILD_INFO["build_date"] in text, path.name


def test_html_tables_and_statuses(generated):
    report = generated.report
    for section in report.sections:
        html = (generated.out_dir / f"{section.id}.html").read_text(encoding="utf-8")
        for table in section.tables:
            assert f'id="{table.id}"' in html
            assert html.count(f'id="{table.id}-t"') == 1
        for status in {s for t in section.tables for s in t.statuses if s}:
            assert f"st-{status}" in html


pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("pdfinfo") is None,
                              reason="poppler-utils (pdftoppm, pdfinfo) not installed")


@pdftoppm
def test_pdf_renders(generated, tmp_path):
    pdf = generated.out_dir / PDF_NAME
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    # title page + table of contents + one page at least per section
    assert pages >= 2 + len(generated.report.sections)
    assert re.search(r"^Title:\s+Rapport de correspondances", info, re.MULTILINE)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "3", str(pdf), str(tmp_path / "page")],
                   check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == 3
    assert all(p.stat().st_size > 2000 for p in images)  # not blank


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_text_has_toc_page_numbers_and_stamp(generated):
    pdf = generated.out_dir / PDF_NAME
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    assert BUILD_INFO["version"] in pages[0] and BUILD_INFO["build_date"] in pages[0]
    assert "Table des matières" in pages[1]
    for section in generated.report.sections:
        # each section title in the table of contents, followed by its page number
        assert re.search(re.escape(f"{section.number}. {section.title[:30]}") + r".*\s\d+\s*$",
                         pages[1], re.MULTILINE), section.title
    last = [p for p in pages if p.strip()][-1]
    assert re.search(r"page \d+ / \d+", last)
    assert BUILD_INFO["build_date"] in last


def test_parse_formats():
    assert parse_formats("html, PDF") == ["html", "pdf"]
    assert parse_formats(None) == ["html", "xlsx", "pdf", "csv"]
    with pytest.raises(ReportError, match="valid formats: html, xlsx, pdf, csv"):
        parse_formats("html,docx")
