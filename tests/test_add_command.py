"""``llama4-bot add``, ``remove`` and ``sources`` on a private copy of the knowledge folder."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from knowledge_copy import snapshot
from loopback_http import Page, serve_pages

from bot import cli
from bot.answering.engine import Engine
from bot.knowledge.base import load_knowledge

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
NEWS = FIXTURES / "benchmarks-revisited.html"
CARD = FIXTURES / "llama4-model-card.md"
POST = FIXTURES / "llama4-qa-post.txt"
NEWS_ID = "example-news-llama-4-benchmarks-revisited"
CARD_ID = "open-model-notes-llama-4-model-card-a-plain-language-summary"
POST_ID = "homelab-forum-ten-questions-about-running-llama-4-at-home"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_the_three_kinds_of_file(folder, capsys):
    before = load_knowledge(folder)
    code, out, err = run(capsys, "add", str(NEWS), str(CARD), str(POST))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f'added {NEWS_ID}  "Llama 4 benchmarks, revisited"  (Example News, Jane Doe, 2025-05-02)'
    assert any(line.startswith(f"added {CARD_ID} ") for line in lines)
    assert any(line.startswith(f"added {POST_ID} ") for line in lines)
    assert lines[-1].startswith("index rebuilt in ") and lines[-1].endswith("running bots reload within a few seconds")
    # the one disagreement the news page brings: a rerun of Maverick's MMLU Pro
    assert [line for line in lines if "new disagreement" in line] == [
        "  new disagreement: Llama 4 Maverick mmlu pro: 79.4 (this article) vs 80.5% "
        "(chatforest-llama4-review, valueaddvc-llama4-release)"
    ]
    after = load_knowledge(folder)
    assert len(after.articles) == len(before.articles) + 3
    news = after.article(NEWS_ID)
    assert (news.author, news.publisher, news.date) == ("Jane Doe", "Example News", "2025-05-02")
    assert news.origin == str(NEWS)
    facts = [f for f in after.facts if f.source == NEWS_ID]
    reported = next(line for line in lines if line.startswith("  ") and "passages" in line)
    assert reported.startswith(
        f"  {len([p for p in after.passages if p.article_id == NEWS_ID])} passages, {len(facts)} facts"
    )
    # every fact keeps a verbatim quote of its article, as the data tests demand of every fact
    for fact in after.facts:
        assert fact.quote in after.article(fact.source).text
    # the facts file is exactly what extract-facts would write
    assert run(capsys, "extract-facts", "--check")[0] == 0


def test_adding_the_same_source_again_updates_it(folder, capsys, tmp_path):
    card = tmp_path / "card.md"
    card.write_text(CARD.read_text(encoding="utf-8"), encoding="utf-8")
    assert run(capsys, "add", str(card))[0] == 0
    count = len(load_knowledge(folder).articles)
    code, out, _ = run(capsys, "add", str(card))
    assert code == 0 and out.startswith(f"unchanged {CARD_ID} ")
    card.write_text(card.read_text(encoding="utf-8").replace("August 2024", "September 2024"), encoding="utf-8")
    code, out, _ = run(capsys, "add", "card.md")  # the same file, named relative to the working folder
    assert code == 0 and out.startswith(f"updated {CARD_ID} ")
    after = load_knowledge(folder)
    assert len(after.articles) == count
    assert "Knowledge cutoff: September 2024" in after.article(CARD_ID).text
    assert len(list((folder / "articles").glob(f"{CARD_ID}*.txt"))) == 1


def test_a_different_source_with_the_same_title_gets_its_own_id(folder, capsys, tmp_path):
    copy = tmp_path / "mirror.md"
    copy.write_text(CARD.read_text(encoding="utf-8"), encoding="utf-8")
    assert run(capsys, "add", str(CARD))[0] == 0
    code, out, _ = run(capsys, "add", str(copy))
    assert code == 0 and out.startswith(f"added {CARD_ID}-2 ")


def test_add_from_a_loopback_web_server(folder, capsys):
    pages = {
        "/news/llama-4.html": Page(NEWS.read_bytes()),
        "/card": Page(CARD.read_bytes(), "text/markdown; charset=utf-8"),
    }
    with serve_pages(pages) as base:
        code, _out, err = run(capsys, "add", f"{base}/news/llama-4.html", f"{base}/card#details")
    assert (code, err) == (0, "")
    after = load_knowledge(folder)
    assert after.article(NEWS_ID).origin == f"{base}/news/llama-4.html"
    assert after.article(NEWS_ID).url == "https://news.example.com/ai/llama-4-benchmarks-revisited"
    assert after.article(CARD_ID).origin == f"{base}/card"
    assert "| Llama 4 Maverick | 17B | 400B | 128 | 1M tokens |" in after.article(CARD_ID).text


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


NAV_ONLY = (
    b"<html><head><title>Home</title></head><body><nav><a href='/'>Home</a><a href='/a'>AI</a></nav></body></html>"
)


@pytest.mark.parametrize(
    ("path", "extra", "reason"),
    [
        ("/missing.html", [], "the server answered HTTP 404"),
        ("/nav.html", [], "no article text"),
        ("/logo.png", [], "not a web page or text (content type image/png)"),
        ("/big.html", ["--max-bytes", "50000"], "larger than the 50,000-byte limit"),
        ("/slow.html", ["--timeout", "0.3"], "within 0.3 s"),
    ],
)
def test_bad_web_sources_leave_the_knowledge_untouched(folder, capsys, path, extra, reason):
    pages = {
        "/nav.html": Page(NAV_ONLY),
        "/logo.png": Page(b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"),
        "/big.html": Page(NEWS.read_bytes() * 40),
        "/slow.html": Page(NEWS.read_bytes(), delay_s=1.5),
    }
    before = snapshot(folder)
    with serve_pages(pages) as base:
        code, out, err = run(capsys, "add", *extra, f"{base}{path}")
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and reason in err and err.endswith("nothing was added\n")
    assert snapshot(folder) == before


def test_an_unreachable_url(folder, capsys):
    before = snapshot(folder)
    code, _, err = run(capsys, "add", f"http://127.0.0.1:{_closed_port()}/article.html")
    assert code == 1 and "cannot reach it" in err and len(err.splitlines()) == 1
    assert snapshot(folder) == before


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("paper.pdf", b"%PDF-1.7 ...", "unsupported file type '.pdf'"),
        ("binary.txt", bytes(range(256)) * 8, "a binary file, not text"),
        (
            "latin1.md",
            ("# Modèle\n\n" + "Llama 4 Scout est un modèle ouvert. " * 10).encode("latin-1"),
            "not UTF-8 text",
        ),
        ("empty.html", b"<html><body><footer>(c) 2025</footer></body></html>", "no article text"),
    ],
)
def test_bad_files_leave_the_knowledge_untouched(folder, capsys, tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot(folder)
    code, out, err = run(capsys, "add", str(path))
    assert code == 1 and out == "" and reason in err and len(err.splitlines()) == 1
    assert snapshot(folder) == before


def test_one_bad_source_among_good_ones_adds_nothing(folder, capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00garbage\x00" * 50)
    bad.write_bytes(b"\x00\x01" * 100)
    before = snapshot(folder)
    code, _, err = run(capsys, "add", str(NEWS), str(bad))
    assert code == 1
    assert err.splitlines()[-1] == "llama4-bot add: nothing was added; the knowledge is unchanged"
    assert snapshot(folder) == before


def test_remove_and_sources(folder, capsys):
    assert run(capsys, "add", str(NEWS))[0] == 0
    code, out, _ = run(capsys, "sources")
    assert code == 0
    assert f'{NEWS_ID}  "Llama 4 benchmarks, revisited"  (Example News, Jane Doe, 2025-05-02)' in out.splitlines()
    assert f"from {NEWS}" in out
    articles = len(load_knowledge(folder).articles)
    assert out.splitlines()[-1].startswith(f"{articles} articles, ")

    code, out, _ = run(capsys, "remove", NEWS_ID)
    assert code == 0 and out.startswith(f"removed {NEWS_ID} ")
    after = load_knowledge(folder)
    assert NEWS_ID not in {a.id for a in after.articles}
    assert not any(f.source == NEWS_ID for f in after.facts)
    assert NEWS_ID not in run(capsys, "sources")[1]


def test_remove_an_article_that_reviewed_facts_cite(folder, capsys):
    reviewed = folder / "facts" / "reviewed.jsonl"
    citing = [
        line for line in reviewed.read_text(encoding="utf-8").splitlines() if '"valueaddvc-llama4-release"' in line
    ]
    assert citing
    code, out, _ = run(capsys, "remove", "valueaddvc-llama4-release")
    assert code == 0
    assert f"{len(citing)} of those facts were reviewed facts" in out
    assert not any(json.loads(line)["source"] == "valueaddvc-llama4-release"
                   for line in reviewed.read_text(encoding="utf-8").splitlines())  # fmt: skip
    Engine.load(folder)  # still loads, index included


def test_remove_refuses_unknown_ids_and_removing_everything(folder, capsys):
    before = snapshot(folder)
    code, _, err = run(capsys, "remove", "no-such-article")
    assert code == 1 and "no article with id 'no-such-article'" in err
    ids = [a.id for a in load_knowledge(folder).articles]
    code, _, err = run(capsys, "remove", *ids)
    assert code == 1 and "every article" in err
    assert snapshot(folder) == before


def test_the_first_article_of_an_empty_folder(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "fresh"
    monkeypatch.setenv("LLAMA4_KNOWLEDGE_DIR", str(folder))
    code, out, err = run(capsys, "add", str(POST))
    assert (code, err) == (0, "") and out.startswith(f"added {POST_ID} ")
    assert [a.id for a in load_knowledge(folder).articles] == [POST_ID]


def test_the_held_out_page_never_turns_a_served_context_into_the_models_spec(folder, capsys):
    """The held-out page (a layout no code was written against) lists each host's served context for Maverick."""
    question = "What is Maverick's context window?"
    before = Engine.load(folder).answer(question)
    code, out, _ = run(capsys, "add", str(Path(__file__).parent / "fixtures" / "heldout" / "hosting-prices.htm"))
    assert code == 0 and "new disagreement" not in out
    article_id = "inference-weekly-where-to-run-llama-4-maverick-three-hosts"
    after = load_knowledge(folder)
    assert "| Alpha Cloud | $0.17 | $0.60 | 128K |" in after.article(article_id).text
    for fact in after.facts:
        if fact.source == article_id:
            assert fact.quote in after.article(article_id).text
            assert fact.attribute != "context_window" or fact.qualifier, fact
    answer = Engine.load(folder).answer(question)
    assert (answer.text, answer.disagreement) == (before.text, before.disagreement)
