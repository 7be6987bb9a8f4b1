"""Sources to article text: boilerplate dropped, headings, tables and Label: value lines kept, stated metadata only."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest.documents import markdown_draft, text_draft
from bot.ingest.draft import Draft, IngestError, derive_id, render_article, slug
from bot.ingest.layout import unwrap
from bot.ingest.sources import read_file, to_draft
from bot.knowledge.corpus import parse_article, split_passages

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = FIXTURES / "articles"


def convert(path: Path) -> Draft:
    return to_draft(read_file(path))


def test_html_news_page_keeps_the_article_and_drops_the_boilerplate():
    draft = convert(ARTICLES / "benchmarks-revisited.html")
    assert (draft.title, draft.author, draft.publisher, draft.date) == (
        "Llama 4 benchmarks, revisited",
        "Jane Doe",
        "Example News",
        "2025-05-02",
    )
    assert draft.url == "https://news.example.com/ai/llama-4-benchmarks-revisited"
    for boilerplate in ("Subscribe", "Sign in", "Share on", "Email this story", "Related stories", "GPT-5 rumours",
                        "All rights reserved", "Cookie", "Privacy policy", "LinkedIn"):  # fmt: skip
        assert boilerplate not in draft.text
    lines = draft.text.splitlines()
    assert "## What the independent runs found" in lines
    assert "## Throughput on a single host" in lines
    assert "| Benchmark | Llama 4 Maverick | Llama 4 Scout |" in lines
    assert "| MMLU Pro | 79.4 | 74.3 |" in lines
    assert any(line.startswith("In our own test, Maverick produced 95 tokens per second") for line in lines)
    assert not draft.text.startswith("# Llama 4 benchmarks, revisited")  # the title is in the header


def test_markdown_model_card_keeps_its_table_and_label_lines():
    draft = convert(ARTICLES / "llama4-model-card.md")
    assert (draft.title, draft.author, draft.publisher, draft.date) == (
        "Llama 4 model card: a plain-language summary",
        "Sam Okafor",
        "Open Model Notes",
        "2025-04-20",
    )
    lines = draft.text.splitlines()
    assert "| Llama 4 Scout | 17B | 109B | 16 | 10M tokens |" in lines
    assert "Knowledge cutoff: August 2024" in lines
    assert "Release date: April 5, 2025" in lines
    assert "- Location-based emissions: 1,354 tons CO2eq" in lines
    assert "## Training emissions" in lines
    # a hard-wrapped paragraph becomes one line, so that a sentence is never cut in two
    assert any(line.startswith("This page restates") and line.endswith("we say so.") for line in lines)
    assert "title:" not in draft.text and "---" not in lines


def test_plain_text_post_title_preamble_and_wrapped_answers():
    draft = convert(ARTICLES / "llama4-qa-post.txt")
    assert (draft.title, draft.author, draft.publisher, draft.date) == (
        "Ten questions about running Llama 4 at home, answered",
        "Lee Park",
        "Homelab Forum",
        "2025-06-14",
    )
    lines = draft.text.splitlines()
    assert "Q: Can I run Llama 4 Scout on a gaming PC?" in lines
    answer = next(line for line in lines if line.startswith("A: Not in full precision."))
    assert answer.endswith("a single RTX 4090 and 128 GB of RAM.")
    assert "Author: Lee Park" not in draft.text


def test_held_out_page_in_another_layout():
    """A page whose layout none of the code was written against: cookie banner, div soup, sidebar, a table."""
    draft = convert(FIXTURES / "heldout" / "hosting-prices.htm")
    assert draft.title == "Where to run Llama 4 Maverick: three hosts compared"
    assert (draft.author, draft.publisher, draft.date) == ("Marta Ruiz", "Inference Weekly", "2025-07-01")
    lines = draft.text.splitlines()
    assert "| Host | Input price | Output price | Served context |" in lines
    assert "| Beta Inference | $0.22 | $0.85 | 1M |" in lines
    assert "### Speed" in lines
    for boilerplate in ("cookies", "Accept all", "Archive", "Sign up", "Most read", "Imprint", "Tags:"):
        assert boilerplate not in draft.text
    text = render_article(draft, derive_id(draft, "hosting-prices"), "heldout/hosting-prices.htm")
    assert text.startswith("id: inference-weekly-where-to-run-llama-4-maverick-three-hosts\n")


def test_rendered_articles_load_and_split_into_passages(tmp_path):
    for path in sorted(ARTICLES.iterdir()):
        draft = convert(path)
        article_id = derive_id(draft, path.stem)
        target = tmp_path / f"{article_id}.txt"
        target.write_text(render_article(draft, article_id, str(path)), encoding="utf-8")
        article = parse_article(target)
        assert article.title == draft.title and article.author == draft.author
        passages = split_passages(article)
        assert passages and all(p.text.strip() for p in passages)
        # every table stays whole inside one passage
        for passage in passages:
            rows = [line for line in passage.text.splitlines() if line.startswith("|")]
            assert not rows or len(rows) >= 3


def test_only_stated_metadata_reaches_the_header():
    draft = markdown_draft("Some notes about Llama 4 Scout without any heading or front matter. " * 5)
    assert (draft.title, draft.author, draft.publisher, draft.date, draft.url) == (None, None, None, None, None)
    text = render_article(draft, derive_id(draft, "notes"), "notes.md")
    assert text.splitlines()[:3] == ["id: notes", "label: Article from notes.md", "origin: notes.md"]


def test_markdown_inline_markup_becomes_plain_words():
    draft = markdown_draft(
        "# Title\n\nScout is **fast** and *cheap*, see [the card](https://x.example/card) and `llama.cpp`.\n"
        "![diagram](d.png)\n\nSetext heading\n--------------\n\n```\ncode line\n```\n"
    )
    assert "Scout is fast and cheap, see the card and llama.cpp." in draft.text
    assert "diagram" not in draft.text and "](" not in draft.text
    assert "## Setext heading" in draft.text.splitlines()
    assert "code line" in draft.text and "```" not in draft.text


def test_unwrap_keeps_blocks_on_their_own_lines():
    text = "Intro line one\ncontinues here.\n\n- item one\n  wraps on\n- item two\nLabel: value\nNext: x\n| a | b |\n| 1 | 2 |"
    assert unwrap(text).splitlines() == [
        "Intro line one continues here.",
        "",
        "- item one wraps on",
        "- item two",
        "Label: value",
        "Next: x",
        "| a | b |",
        "| 1 | 2 |",
    ]


def test_text_without_a_standalone_first_line_has_no_title():
    draft = text_draft("Scout runs on one GPU.\nIt was released in April.\n")
    assert draft.title is None


@pytest.mark.parametrize(
    ("title", "publisher", "expected"),
    [
        ("Llama 4 benchmarks, revisited", "Example News", "example-news-llama-4-benchmarks-revisited"),
        ("Example News: Llama 4", "Example News", "example-news-llama-4"),
        ("Über Llama 4 — déjà vu", None, "uber-llama-4-deja-vu"),
        (None, None, "fallback-name"),
    ],
)
def test_ids_come_from_the_title(title, publisher, expected):
    assert derive_id(Draft(text="x", title=title, publisher=publisher), "Fallback name") == expected


def test_long_titles_are_cut_at_a_word():
    long = slug("a " * 10 + "really long title about the llama 4 family of models and what they mean")
    assert len(long) <= 60 and not long.endswith("-")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("page.pdf", b"%PDF-1.7", "unsupported file type '.pdf'"),
        ("noext", b"text", "unsupported file type '(none)'"),
        ("blob.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "a binary file, not text"),
        ("latin.md", "# Café crème\n\nÜber Llama 4 Scout und Maverick.".encode("latin-1") * 10, "not UTF-8 text"),
        ("blob.html", b"\x00\x01\x02\x03" * 100, "a binary file, not HTML"),
        (
            "nav.html",
            b"<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav></body></html>",
            "no article text",
        ),
        ("short.txt", b"Llama 4 is out.\n", "no article text found"),
    ],
)
def test_bad_files_are_refused_with_a_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError) as caught:
        convert(path)
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        convert(tmp_path / "absent.md")
    (tmp_path / "dir.md").mkdir()
    with pytest.raises(IngestError, match="is a folder"):
        convert(tmp_path / "dir.md")


def test_utf16_text_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "post.txt"
    path.write_bytes(("A post\n\n" + "Scout has 109B total parameters and 16 experts. " * 8).encode("utf-16"))
    assert convert(path).title == "A post"


def test_a_parser_failure_is_a_bad_page_not_a_crash(tmp_path, monkeypatch):
    import bot.ingest.web_page

    def broken(raw: bytes, url: str | None = None) -> Draft:
        raise RuntimeError("parser fell over")

    monkeypatch.setattr(bot.ingest.web_page, "html_draft", broken)
    page = tmp_path / "page.html"
    page.write_bytes((ARTICLES / "benchmarks-revisited.html").read_bytes())
    with pytest.raises(IngestError, match=r"page\.html: the page could not be parsed \(RuntimeError\)"):
        convert(page)
