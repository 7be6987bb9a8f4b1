"""An HTML page to a Draft: the main text by trafilatura, boilerplate dropped, headings and tables kept.

trafilatura finds the article body and drops navigation, footers, share bars and
"related stories" blocks; we ask it for Markdown so that headings come out as
``#`` headings and tables as Markdown tables, then apply the same inline clean-up
as for Markdown files. Title, author, site name, date and canonical URL come from
the page's own metadata (``<title>``, ``og:``, ``article:published_time``,
JSON-LD, bylines); the date search is not extensive, so that a date merely
mentioned in the text is not taken for the publication date.
"""

from __future__ import annotations

import logging

from bot.ingest.documents import markdown_body
from bot.ingest.draft import Draft, IngestError
from bot.ingest.layout import first_heading, tidy

for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def html_draft(raw: bytes, url: str | None = None) -> Draft:
    from trafilatura import extract, extract_metadata
    from trafilatura.utils import load_html

    tree = load_html(raw)
    if tree is None:
        raise IngestError("not an HTML document")
    meta = extract_metadata(tree, default_url=url, extensive=False)
    text = extract(
        load_html(raw),
        url=url,
        output_format="markdown",
        include_tables=True,
        include_formatting=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )
    if not text:
        raise IngestError("the page has no article text that could be extracted")
    body = markdown_body(tidy(text))
    heading, rest = first_heading(body)
    if heading and meta.title and heading.lower() == meta.title.lower():
        body = rest
    return Draft(
        text=tidy(body),
        title=meta.title or heading,
        author=meta.author,
        publisher=meta.sitename,
        date=meta.date,
        url=meta.url,
    )
