"""Changes to the knowledge folder are checked before writing, and a failure between any two writes leaves
knowledge that loads; running the command again completes the change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from knowledge_copy import snapshot

from bot import cli
from bot.answering.engine import Engine
from bot.cli import changes as knowledge_writer
from bot.knowledge.base import load_knowledge
from bot.knowledge.files import knowledge_lock

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
CARD_ID = "open-model-notes-llama-4-model-card-a-plain-language-summary"


class Crash(OSError):
    pass


def crash_at(monkeypatch, step: int) -> list[str]:
    """Make the ``step``-th file write or removal of the writer fail (0-based); returns the log of writes."""
    done: list[str] = []
    real_write, real_remove = knowledge_writer.atomic_write, knowledge_writer.atomic_remove

    def write(path: Path, text: str) -> None:
        if len(done) == step:
            raise Crash(f"disk gone while writing {path.name}")
        done.append(f"write {path.parent.name}/{path.name}")
        real_write(path, text)

    def remove(path: Path) -> None:
        if len(done) == step:
            raise Crash(f"disk gone while removing {path.name}")
        done.append(f"remove {path.parent.name}/{path.name}")
        real_remove(path)

    monkeypatch.setattr(knowledge_writer, "atomic_write", write)
    monkeypatch.setattr(knowledge_writer, "atomic_remove", remove)
    return done


def _restore(folder: Path, files: dict[str, bytes]) -> None:
    for path in [*(folder / "articles").glob("*.txt"), *(folder / "facts").glob("*.jsonl")]:
        path.unlink()
    for name, data in files.items():
        (folder / name).write_bytes(data)


def _scenario(folder: Path, tmp_path: Path, kind: str) -> list[str]:
    """Prepare the folder for one kind of change; the command line that makes it."""
    if kind == "add":
        return ["add", str(FIXTURES / "benchmarks-revisited.html")]
    card = tmp_path / "card.md"
    card.write_text((FIXTURES / "llama4-model-card.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert cli.main(["add", str(card)]) == 0
    if kind == "update":
        card.write_text(card.read_text(encoding="utf-8").replace("| 17B | 400B |", "| 17B | 402B |"), encoding="utf-8")
        return ["add", str(card)]
    return ["remove", CARD_ID, "valueaddvc-llama4-release"]  # the second has reviewed facts too


@pytest.mark.parametrize("kind", ["add", "update", "remove"])
def test_a_failure_between_any_two_writes_leaves_knowledge_that_loads(folder, tmp_path, monkeypatch, capsys, kind):
    argv = _scenario(folder, tmp_path, kind)
    start = snapshot(folder)
    steps = crash_at(monkeypatch, 10_000)
    assert cli.main(argv) == 0
    finished = snapshot(folder)
    writes = list(steps)
    assert len(writes) >= 2
    for step in range(len(writes)):
        _restore(folder, start)
        crash_at(monkeypatch, step)
        assert cli.main(argv) == 1
        err = capsys.readouterr().err
        assert "disk gone" in err and "again" in err
        middle = load_knowledge(folder)  # raises if the half-done change broke the folder
        Engine.load(folder, cache=False)
        assert snapshot(folder) in (start, finished) or all(
            f.quote in middle.article(f.source).text for f in middle.facts
        )
        monkeypatch.undo()
        monkeypatch.setenv("LLAMA4_KNOWLEDGE_DIR", str(folder))
        monkeypatch.chdir(tmp_path)
        again = argv
        if kind == "remove":  # what the message says to run: the ids whose article is still there
            again = ["remove", *(i for i in argv[1:] if (folder / "articles" / f"{i}.txt").exists())]
            assert f"llama4-bot {' '.join(again)}" in err or again == ["remove"]
            again = again if len(again) > 1 else ["extract-facts"]
        assert cli.main(again) == 0, f"re-running after a failure at step {step} ({writes[step]})"
        assert snapshot(folder) == finished
    capsys.readouterr()


def test_the_write_order_keeps_every_intermediate_state_consistent(folder, tmp_path, monkeypatch):
    argv = _scenario(folder, tmp_path, "update")
    steps = crash_at(monkeypatch, 10_000)
    assert cli.main(argv) == 0
    assert steps == [
        "write facts/extracted.jsonl",  # the old facts without those of the replaced article
        f"write articles/{CARD_ID}.txt",
        "write facts/extracted.jsonl",  # the re-extracted facts
    ]


def test_an_update_that_breaks_a_reviewed_fact_is_refused(folder, tmp_path, capsys):
    card = tmp_path / "card.md"
    card.write_text((FIXTURES / "llama4-model-card.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert cli.main(["add", str(card)]) == 0
    reviewed = folder / "facts" / "reviewed.jsonl"
    fact = {"subject": "Llama 4", "attribute": "release_date", "value": "April 5, 2025", "source": CARD_ID,
            "quote": "Release date: April 5, 2025"}  # fmt: skip
    reviewed.write_text(reviewed.read_text(encoding="utf-8") + json.dumps(fact) + "\n", encoding="utf-8")
    load_knowledge(folder)
    before = snapshot(folder)
    card.write_text(card.read_text(encoding="utf-8").replace("Release date: April 5, 2025", "Released: 5 April"))
    capsys.readouterr()
    assert cli.main(["add", str(card)]) == 1
    err = capsys.readouterr().err
    assert "would not load after this change" in err and "reviewed.jsonl" in err and "nothing was added" in err
    assert str(tmp_path / "llama4-knowledge-") not in err
    assert snapshot(folder) == before


def test_a_writer_waits_for_the_lock(folder):
    with knowledge_lock(folder) as held:
        assert held
        with knowledge_lock(folder, shared=True, wait=False) as reader:
            assert not reader
    with knowledge_lock(folder, shared=True, wait=False) as reader:
        assert reader
