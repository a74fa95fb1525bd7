"""Regression: the English interface appends ``lang=en`` to the links of its pages, and skipped only
the paths listed by hand in ``i18n.keeps_language`` (``/static/``, ``/sparql``, ``/dist/``,
``/.well-known/``): the download folder is ``/download/`` (not ``/dist/``), and the CASE API and
``/health`` were missing, so their links got ``?lang=en``. The paths to skip now come from the URL
builder (``urls.MACHINE_SEGMENTS``)."""

from __future__ import annotations

from sens_graph.server.i18n import keep_language, keeps_language


def test_machine_paths_keep_no_interface_language():
    for path in ("/download/graphs/", "/ims/case/v1p0/CFDocuments", "/health", "/sparql?query=x",
                 "/static/style.css", "/.well-known/void"):
        assert not keeps_language(path), path


def test_pages_keep_the_interface_language():
    links = ('<a href="/recherche?q=soin">s</a> <a href="/download/graphs/">d</a> '
             '<a href="/ims/case/v1p0/CFDocuments">c</a>')
    assert keep_language(links, "en") == links.replace("/recherche?q=soin", "/recherche?q=soin&amp;lang=en")
