"""The command line, driven as a subprocess: one-shot ask and the JSON-lines protocol."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], stdin: bytes = b"", cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, timeout=60,
                          cwd=cwd, env=env)  # fmt: skip


def test_one_shot_ask_prints_a_cited_answer(tmp_path: Path) -> None:
    done = _run(["ask", "How", "fast", "is", "Maverick?"], cwd=tmp_path)
    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr
    assert "109 tokens/second" in out.splitlines()[0]
    assert "Sources:" in out and "ChatForest" in out


def test_ask_without_a_question_explains_usage(tmp_path: Path) -> None:
    done = _run(["ask"], cwd=tmp_path)
    assert done.returncode == 2
    assert b"give a question" in done.stderr


def test_json_protocol_one_object_a_line_for_every_input_line(tmp_path: Path) -> None:
    lines = [
        "What did Maverick score on MATH?",
        "Who won the 2018 world cup?",
        "",
        "x" * 100_000,
        "Compare Scout and Maverick",
    ]
    stdin = ("\n".join(lines) + "\n").encode() + b"\xff\xfe invalid utf-8 \xed\xa0\x80 surrogate\n"
    done = _run(["ask", "--json"], stdin, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(rows) == len(lines) + 1
    for row in rows:
        assert set(row) == {"question", "answer", "kind", "abstained", "citations"}
        for citation in row["citations"]:
            assert set(citation) == {"source", "title", "quote"}
    assert rows[0]["kind"] == "fact" and "61.2" in rows[0]["answer"] and "93.2" in rows[0]["answer"]
    assert {c["source"] for c in rows[0]["citations"]} == {"chatforest-llama4-review", "valueaddvc-llama4-release"}
    assert rows[1]["abstained"] is True and rows[1]["kind"] == "abstained"
    assert rows[2]["abstained"] is True
    assert rows[4]["kind"] == "comparison" and "| Total parameters" in rows[4]["answer"]
    assert rows[5]["answer"]


def test_json_protocol_with_a_conversation_resolves_follow_ups(tmp_path: Path) -> None:
    stdin = b"What is Scout's context window?\nand Maverick?\nhow much does it cost on OpenRouter?\n"
    done = _run(["ask", "--json", "--conversation", "c1"], stdin, cwd=tmp_path)
    rows = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert rows[1]["kind"] == "fact" and "1 million tokens" in rows[1]["answer"]
    assert "$0.15" in rows[2]["answer"] and "Maverick" in rows[2]["answer"]
    without = _run(["ask", "--json"], stdin, cwd=tmp_path)
    alone = [json.loads(line) for line in without.stdout.decode().splitlines()]
    assert alone[1]["kind"] == "specs", "without the conversation, 'and Maverick?' is just about Maverick"
    assert alone[2]["kind"] != "fact", "without the conversation, 'it' is no model: no model's price is the answer"


def test_json_protocol_answers_each_line_as_it_arrives(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "ask", "--json"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, cwd=tmp_path, env=env)  # fmt: skip
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(b"How fast is Scout?\n")
        proc.stdin.flush()
        first = json.loads(proc.stdout.readline())  # arrives before stdin is closed: flushed per line
        assert "143" in first["answer"]
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
        proc.stdout.close()
    assert proc.returncode == 0


def test_a_broken_knowledge_folder_exits_with_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "facts").mkdir()
    (tmp_path / "articles" / "bad.txt").write_text("no header here", encoding="utf-8")
    env = {**os.environ, "LLAMA4_KNOWLEDGE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "bot", "ask", "hi"], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path, env=env)  # fmt: skip
    assert done.returncode == 1
    assert "bad.txt" in done.stderr and "Traceback" not in done.stderr


def test_extract_facts_check_reports_up_to_date(tmp_path: Path) -> None:
    done = _run(["extract-facts", "--check"], cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert b"up to date" in done.stdout
