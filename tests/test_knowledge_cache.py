"""The knowledge cache: answers from it are the answers of the parsed files, and it is never trusted stale."""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from bot.answering.engine import Engine
from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.knowledge import cache as knowledge_cache
from bot.knowledge.base import load_knowledge
from bot.knowledge.build import BUILDER_FILE, build
from bot.knowledge.entities import read_names
from bot.knowledge.tables import ArticleTable, PassageGatherer, PassageTable
from bot.models import Answer, Passage

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(knowledge_cache.FOLDER) / knowledge_cache.CACHE_FILE


def _questions() -> list[str]:
    """A fixed set: the calibration questions and every tenth labelled one, with commands."""
    folder = ROOT / "benchmarks" / "questions"
    calibration = [json.loads(line)["q"] for line in (folder / "calibration.jsonl").read_text().splitlines()]
    labelled = [
        json.loads(line)["q"]
        for path in sorted((folder / "labelled").glob("*.jsonl"))
        for line in path.read_text().splitlines()
        if line.strip()
    ]
    return calibration + labelled[::10]


def _said(answer: Answer) -> dict[str, object]:
    return answer.model_dump(exclude={"id"})


def _same_answers(folder: Path) -> None:
    parsed = Engine.load(folder, cache=False)  # the plain path: files parsed, objects held
    Engine.load(folder)  # writes the cache
    cached = Engine.load(folder)  # reads it
    assert isinstance(cached.knowledge.passages, PassageTable)
    assert list(cached.knowledge.articles) == list(parsed.knowledge.articles)
    assert list(cached.knowledge.passages) == list(parsed.knowledge.passages)
    assert cached.knowledge.facts == parsed.knowledge.facts
    assert cached.names == parsed.names
    questions = _questions()
    assert [_said(cached.answer(q)) for q in questions] == [_said(parsed.answer(q)) for q in questions]
    commands = [("scout",), ("maverick",)], [("scout", "maverick"), ("scout", "maverick", "behemoth")]
    assert [_said(cached.sheets.specs(m[0])) for m in commands[0]] == [_said(parsed.sheets.specs(m[0])) for m in commands[0]]
    assert [_said(cached.sheets.compare(m)) for m in commands[1]] == [_said(parsed.sheets.compare(m)) for m in commands[1]]
    assert _said(cached.sources()) == _said(parsed.sources())


def test_answers_from_the_cache_are_the_answers_of_the_files(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, folder, ignore=shutil.ignore_patterns(".*"))
    _same_answers(folder)


@pytest.fixture(scope="module")
def scale_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("scale_corpus", ROOT / "benchmarks" / "scale_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["scale_corpus"] = module
    spec.loader.exec_module(module)
    return module


def test_answers_from_the_cache_are_the_same_at_a_larger_generated_scale(
    scale_corpus: ModuleType, tmp_path: Path
) -> None:
    generated = scale_corpus.generate(tmp_path / "generated", 2_000, 2, 12)
    assert len(load_knowledge(generated.folder).passages) >= 2_000
    _same_answers(generated.folder)


def test_capitalised_runs_written_in_lower_case_anywhere_are_not_names(
    scale_corpus: ModuleType, tmp_path: Path
) -> None:
    """What ``read_names`` computes for runs, by its plain definition: every all-lower-case bigram and trigram."""
    texts = [a.text for a in load_knowledge(scale_corpus.generate(tmp_path / "g", 1_000, 2, 5).folder).articles]
    texts.append("Both Chatbot Arena and Million Tokens appear; a million tokens is lower case here.")
    lower: set[tuple[str, ...]] = set()
    for text in texts:
        said = re.findall(r"[A-Za-z][\w.]*", text)
        for n in (2, 3):
            lower.update(
                tuple(said[i : i + n]) for i in range(len(said) - n + 1) if all(w.islower() for w in said[i : i + n])
            )
    names = read_names(texts)
    runs_kept = {n for n in names.names if len(n) >= 2}
    assert ("million", "tokens") not in names.names and ("chatbot", "arena") in names.names
    assert not runs_kept & lower


def test_the_cache_is_reused_while_fresh_and_rebuilt_when_an_article_changes(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, folder, ignore=shutil.ignore_patterns(".*"))
    Engine.load(folder)
    saved = (folder / CACHE).read_bytes()
    Engine.load(folder)
    assert (folder / CACHE).read_bytes() == saved
    for path in (folder / "articles").glob("*.txt"):  # touched, not changed: the contents decide
        os.utime(path)
    Engine.load(folder)
    assert (folder / CACHE).read_bytes() == saved
    article = next((folder / "articles").glob("*.txt"))
    article.write_text(article.read_text(encoding="utf-8") + "\nA zanzibarian sentence about Scout.\n", "utf-8")
    changed = Engine.load(folder)
    assert "zanzibarian" in changed.index.vocabulary
    assert isinstance(changed.knowledge.articles, ArticleTable)
    assert (folder / CACHE).read_bytes() != saved
    left = {p.name for p in (folder / ".index").iterdir()}
    assert (
        {BUILDER_FILE, knowledge_cache.CACHE_FILE}
        <= left
        <= {
            BUILDER_FILE,
            knowledge_cache.CACHE_FILE,
            knowledge_cache.SIGNATURE_FILE,
        }
    ), "no temporary files are left behind"


def _age(folder: Path, seconds: float) -> None:
    for path in [*(folder / "articles").iterdir(), *(folder / "facts").iterdir()]:
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - int(seconds * 1e9)))


def test_files_changed_within_the_time_resolution_are_compared_by_content(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, folder, ignore=shutil.ignore_patterns(".*"))
    _age(folder, 3600)
    Engine.load(folder)
    assert (folder / ".index" / knowledge_cache.SIGNATURE_FILE).is_file()  # old files: their signature is kept
    article = folder / "articles" / "calcsnippets-open-model-war.txt"
    text = article.read_text(encoding="utf-8")
    assert "shallow analysis" in text  # a word no fact quotes, changed keeping the size
    with article.open("r+", encoding="utf-8") as handle:  # in place: same inode, same size, and just now
        handle.write(text.replace("shallow", "shalxow", 1))
    first = Engine.load(folder)
    assert "shalxow" in first.index.vocabulary
    assert not (folder / ".index" / knowledge_cache.SIGNATURE_FILE).exists()  # racy: the contents decide
    stat = article.stat()
    with article.open("r+", encoding="utf-8") as handle:  # again, keeping even the modification time
        handle.write(text.replace("shallow", "shalyow", 1))
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert "shalyow" in Engine.load(folder).index.vocabulary


@pytest.mark.parametrize("damage", [b"", b"not a cache", b"L4KCACHE\xff\xff\xff\xff\xff\xff\xff\x7f{", "truncate"])
def test_a_damaged_cache_is_ignored_and_replaced(tmp_path: Path, damage: bytes | str) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, folder, ignore=shutil.ignore_patterns(".*"))
    Engine.load(folder)
    good = (folder / CACHE).read_bytes()
    (folder / CACHE).write_bytes(good[: len(good) // 2] if damage == "truncate" else damage)  # type: ignore[arg-type]
    engine = Engine.load(folder)
    assert "10 million" in engine.answer("scout context window").text
    assert (folder / CACHE).read_bytes() == good


def test_an_article_s_text_and_label_from_the_cache_are_the_files(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, folder, ignore=shutil.ignore_patterns(".*"))
    parsed = load_knowledge(folder)
    cached = knowledge_cache.load(folder)[0]
    assert isinstance(cached.articles, ArticleTable)
    for article in parsed.articles:
        assert cached.article_text(article.id) == parsed.article_text(article.id) == article.text
        assert cached.label(article.id) == parsed.label(article.id) == article.label


def _same_engine(rebuilt: Engine, parsed: Engine) -> None:
    """What an incremental build gives is what a build from nothing gives, down to the vocabulary order."""
    assert list(rebuilt.knowledge.articles) == list(parsed.knowledge.articles)
    assert list(rebuilt.knowledge.passages) == list(parsed.knowledge.passages)
    assert rebuilt.knowledge.facts == parsed.knowledge.facts
    assert rebuilt.names == parsed.names
    assert list(rebuilt.index.vocabulary.items()) == list(parsed.index.vocabulary.items())
    for name in ("idf", "indptr", "indices", "data"):
        assert np.array_equal(getattr(rebuilt.index, name), getattr(parsed.index, name)), name
    questions = _questions()[::3]
    assert [_said(rebuilt.answer(q)) for q in questions] == [_said(parsed.answer(q)) for q in questions]


def test_adding_changing_and_removing_articles_rebuilds_as_from_nothing(
    scale_corpus: ModuleType, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.knowledge.cache")
    generated = scale_corpus.generate(tmp_path / "generated", 1_500, 2, 3)
    folder = generated.folder
    articles = sorted((folder / "articles").glob("*.txt"))
    Engine.load(folder)
    middle = articles[len(articles) // 2]  # added in the middle: its terms come before later articles' terms
    added = middle.with_name(middle.stem + "b.txt")
    text = middle.read_text(encoding="utf-8").replace(f"id: {middle.stem}", f"id: {added.stem}", 1)
    added.write_text(text.replace("Maverick", "Zorblax Quantum Nine"), encoding="utf-8")  # new names, new terms
    _same_engine(Engine.load(folder), Engine.load(folder, cache=False))
    assert f"{len(articles)} of {len(articles) + 1} articles reused" in caplog.text  # only the new one was read
    changed = articles[0]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nThe Quokka Arena said so. A quokka arena too.\n", "utf-8"
    )
    _same_engine(Engine.load(folder), Engine.load(folder, cache=False))
    added.unlink()
    _same_engine(Engine.load(folder), Engine.load(folder, cache=False))


def test_a_rebuild_builds_no_passage_of_an_unchanged_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An added article is the only one read: the others' passages go from the old cache to the new one as
    UTF-8, and the new table gives the passages the files give."""
    folder = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, folder, ignore=shutil.ignore_patterns(".*"))
    Engine.load(folder)
    first = sorted((folder / "articles").glob("*.txt"))[0]
    added = first.with_name("zz-added.txt")
    text = first.read_text(encoding="utf-8").replace(f"id: {first.stem}", "id: zz-added", 1)
    added.write_text(text.replace("## ", "## Added: "), encoding="utf-8")  # headings of its own
    code = knowledge_cache.code_key("bm25")
    previous = knowledge_cache.previous(folder / knowledge_cache.FOLDER, code)
    assert previous is not None and len(previous.articles) == len(list((folder / "articles").glob("*.txt"))) - 1

    def built_one(table: PassageTable, i: int) -> None:
        raise AssertionError(f"passage {i} of the previous cache was built")

    monkeypatch.setattr(PassageTable, "_get", built_one)
    built = build(folder, "bm25", knowledge_cache.content_key(folder)[1], previous)
    monkeypatch.undo()
    assert built.reused == len(previous.articles)
    assert list(built.knowledge.passages) == list(load_knowledge(folder).passages)
    assert any(p.heading.startswith("Added: ") for p in built.knowledge.passages)


def test_a_rebuilt_cache_is_the_file_a_build_from_nothing_writes(tmp_path: Path) -> None:
    """Headings are numbered in the order they first occur, however the previous cache numbered them: here a
    section the first article had for one build names a heading a later article uses further down."""
    folder = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, folder, ignore=shutil.ignore_patterns(".*"))
    articles = sorted((folder / "articles").glob("*.txt"))
    later = load_knowledge(folder).passages[-1].heading  # the last article's last heading
    first = articles[0]
    original = first.read_text(encoding="utf-8")
    first.write_text(f"{original}\n## {later}\n\nA short paragraph of its own.\n", encoding="utf-8")
    Engine.load(folder)
    first.write_text(original, encoding="utf-8")
    Engine.load(folder)
    fresh = tmp_path / "fresh"
    shutil.copytree(folder, fresh, ignore=shutil.ignore_patterns(".*"))
    Engine.load(fresh)
    assert (folder / CACHE).read_bytes() == (fresh / CACHE).read_bytes()


def test_gathered_passages_must_come_in_article_order_and_numbered_as_split() -> None:
    gatherer = PassageGatherer()
    gatherer.add([Passage(id="a#0", article_id="a", heading="H", text="one")], 1)
    with pytest.raises(ValueError, match="article order"):
        gatherer.add([Passage(id="b#0", article_id="b", heading="H", text="two")], 0)
    with pytest.raises(ValueError, match="numbered"):
        gatherer.add([Passage(id="c#1", article_id="c", heading="H", text="three")], 2)
    with pytest.raises(ValueError, match="numbered"):  # passages of two articles as one
        gatherer.add([Passage(id=f"{a}#0", article_id=a, heading="H", text="x") for a in ("d", "e")], 3)
    table = gatherer.columns(["z", "a"]).table()
    assert [(p.id, p.heading, p.text) for p in table] == [("a#0", "H", "one")]
    with pytest.raises(ValueError, match="gathered as article 1"):  # the ids given must be those gathered
        gatherer.columns(["a", "z"])


def test_passages_taken_from_two_tables_keep_their_own_headings_and_text() -> None:
    def table_of(article_id: str, headings: list[str]) -> PassageTable:
        gatherer = PassageGatherer()
        passages = [
            Passage(id=f"{article_id}#{n}", article_id=article_id, heading=h, text=f"{h} — “{n}” ünï")
            for n, h in enumerate(headings)
        ]
        gatherer.add(passages, 0)
        return gatherer.columns([article_id]).table()

    one, two = table_of("one", ["Intro", "Specs", "Intro"]), table_of("two", ["Specs", "Price"])
    gatherer = PassageGatherer()
    gatherer.take(two, 0, 0)
    gatherer.add([Passage(id="new#0", article_id="new", heading="Fresh", text="plain")], 1)
    gatherer.take(one, 0, 2)
    table = gatherer.columns(["two", "new", "one"]).table()
    assert list(table) == [*two, Passage(id="new#0", article_id="new", heading="Fresh", text="plain"), *one]
    assert table.position("one#2") == 5 and table.position("one#3") is None
