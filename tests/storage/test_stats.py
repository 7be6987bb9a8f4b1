"""The stats report, built from rows (pure) and through the command line on a real database."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.cli import purge as cli_purge
from bot.cli import stats as cli_stats
from bot.config import Settings
from bot.models import AnswerKind
from bot.storage.stats import ExchangeRow, VoteRow, build_report, normalise_question, percentile, render_text
from tests.storage.conftest import Backend, Clock, answer, conv, request

DAY = 86400.0
T0 = 1_750_000_000.0  # 2025-06-15 15:06 UTC


def ex(
    i: int,
    question: str,
    *,
    platform: str = "slack",
    kind: str = "fact",
    at: float = T0,
    latency: float = 10.0,
    command: str = "ask",
    text: str = "an answer",
) -> ExchangeRow:
    return ExchangeRow(at, platform, command, question, f"a{i}", kind, kind == "abstained", text, latency)


def test_report_counts_platforms_days_kinds_and_abstentions() -> None:
    exchanges = [
        ex(1, "What is Scout's context window?", platform="discord"),
        ex(2, "what is scout's  context window", platform="slack", at=T0 + DAY),
        ex(3, "price on groq?", kind="abstained", at=T0 + DAY),
        ex(4, "Price on Groq", kind="abstained", at=T0 + DAY + 5),
        ex(5, "maverick", kind="specs", command="specs", platform="console"),
    ]
    report = build_report(exchanges, [], {})
    assert report.questions == 5
    assert report.per_platform == {"slack": 3, "discord": 1, "console": 1}
    assert report.per_day == {"2025-06-15": 2, "2025-06-16": 3}
    assert report.kinds == {"fact": 2, "abstained": 2, "specs": 1}
    assert report.abstention_rate == pytest.approx(0.4)
    assert [(q.question, q.count) for q in report.top_questions] == [
        ("Price on Groq", 2),
        ("what is scout's  context window", 2),
        ("/specs maverick", 1),
    ]
    assert [(q.question, q.count) for q in report.unanswered] == [("Price on Groq", 2)]
    assert report.unanswered[0].last_asked == "2025-06-16 15:06 UTC"


def test_feedback_totals_and_worst_rated_answers() -> None:
    exchanges = [ex(1, "good one", text="Scout: 10M tokens.\nmore"), ex(2, "bad one", text="Wrong.")]
    votes = [
        VoteRow("a1", True, T0),
        VoteRow("a1", True, T0),
        VoteRow("a1", False, T0),
        VoteRow("a2", False, T0),
        VoteRow("a2", False, T0),
        VoteRow("gone", False, T0),
    ]
    report = build_report(exchanges, votes, {})
    assert (report.helpful_votes, report.unhelpful_votes) == (2, 4)
    assert [(r.answer_id, r.question, r.answer, r.helpful, r.unhelpful) for r in report.worst_rated] == [
        ("a2", "bad one", "Wrong.", 0, 2),
        ("gone", "(question not kept)", "", 0, 1),
        ("a1", "good one", "Scout: 10M tokens.", 2, 1),
    ]


def test_latency_percentiles_and_failures() -> None:
    exchanges = [ex(i, f"q{i}", latency=float(i)) for i in range(1, 101)]
    report = build_report(exchanges, [], {"record_exchange": 2, "remember_event": 1})
    assert (report.latency_p50_ms, report.latency_p99_ms) == (50.0, 99.0)
    assert report.storage_failures == 3
    assert percentile([], 50) is None and percentile([7.0], 99) == 7.0


def test_empty_report_and_text_rendering() -> None:
    empty = build_report([], [], {})
    assert empty.questions == 0 and empty.abstention_rate == 0.0 and empty.latency_p99_ms is None
    text = render_text(build_report([ex(1, "price on groq?", kind="abstained")], [], {"record_feedback": 1}))
    assert "Unanswered questions (the bot abstained)\n  1 × price on groq?" in text
    assert "Abstention rate: 100.0%" in text
    assert "Storage failures: 1 (record_feedback: 1)" in text


def test_normalise_question() -> None:
    assert normalise_question("  What IS  Scout's\tcontext? ") == "what is scout's context"


def test_parse_window() -> None:
    assert cli_stats.parse_window("7d") == 7 * DAY
    assert cli_stats.parse_window("24h") == DAY
    assert cli_stats.parse_window("30m") == 1800
    assert cli_stats.parse_window("2w") == 14 * DAY
    with pytest.raises(argparse.ArgumentTypeError):
        cli_stats.parse_window("yesterday")


async def seed(backend: Backend, clock: Clock) -> str:
    store = await backend.open(salt="s", clock=clock)
    try:
        old = answer(kind=AnswerKind.ABSTAINED, text="I do not know.")
        await store.record_exchange(request("old question?", conv(user="U1")), old, 5.0)
        clock.now += 10 * DAY
        bad = answer(kind=AnswerKind.ABSTAINED, text="I could not find that.")
        await store.record_exchange(request("price on groq?", conv(user="U2")), bad, 20.0)
        await store.record_feedback(bad.id, "U2", False)
        await store.record_exchange(request("scout context?", conv(user="U2", platform="discord")), answer(), 40.0)
        return bad.id
    finally:
        await store.close()


def parse(argv: list[str]) -> argparse.Namespace:
    return build_parser(argv[0]).parse_args(argv)


async def test_stats_command_text_and_json(backend: Backend, capsys: pytest.CaptureFixture[str]) -> None:
    import time

    clock = Clock(time.time() - 10 * DAY)
    bad_id = await seed(backend, clock)
    settings = backend.settings(user_hash_salt="s")
    report = await cli_stats.report(settings, since=time.time() - 7 * DAY)  # the same code path as the command
    assert report.questions == 2 and report.per_platform == {"slack": 1, "discord": 1}
    assert [q.question for q in report.unanswered] == ["price on groq?"]
    assert [r.answer_id for r in report.worst_rated] == [bad_id]
    assert (report.latency_p50_ms, report.latency_p99_ms) == (20.0, 40.0)

    # and through argparse, in a worker thread because the command runs its own event loop
    import asyncio

    code = await asyncio.to_thread(cli_stats.run, parse(["stats", "--since", "7d", "--json"]), settings)
    assert code == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["questions"] == 2 and shown["unanswered"][0]["question"] == "price on groq?"
    assert shown["worst_rated"][0]["unhelpful"] == 1 and shown["storage_failures"] == 0
    code = await asyncio.to_thread(cli_stats.run, parse(["stats"]), settings)
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("Questions (all time): 3")
    assert "old question?" in out and "Latency: p50 20 ms, p99 40 ms" in out


async def test_purge_command_by_user_and_by_age(backend: Backend, capsys: pytest.CaptureFixture[str]) -> None:
    import asyncio
    import time

    await seed(backend, Clock(time.time() - 10 * DAY))
    settings = backend.settings(user_hash_salt="s")
    code = await asyncio.to_thread(cli_purge.run, parse(["purge", "--user", "U2"]), settings)
    assert code == 0 and "exchanges 2, feedback 1, turns 2" in capsys.readouterr().out
    assert backend.rows("SELECT question FROM exchanges") == [("old question?",)]
    code = await asyncio.to_thread(cli_purge.run, parse(["purge", "--older-than", "5"]), settings)
    assert code == 0 and "exchanges 1" in capsys.readouterr().out
    assert backend.rows("SELECT count(*) FROM exchanges") == [(0,)]


def test_commands_without_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(database_path=tmp_path / "none.sqlite3")
    assert cli_stats.run(parse(["stats"]), settings) == 1
    assert "no database" in capsys.readouterr().err
    assert cli_purge.run(parse(["purge", "--older-than", "1"]), settings) == 0
    assert not settings.database_path.exists()
    with pytest.raises(SystemExit):
        parse(["purge"])  # --user or --older-than is required


def test_llama4_bot_stats_and_purge_through_the_cli_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio
    import time

    from bot.cli import main

    path = tmp_path / "data" / "bot.sqlite3"
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("LLAMA4_DATABASE", str(path))
    monkeypatch.setenv("LLAMA4_USER_HASH_SALT", "s")
    asyncio.run(seed(Backend("sqlite", path, None), Clock(time.time() - 10 * DAY)))
    assert main(["stats", "--json", "--since", "30d"]) == 0
    assert json.loads(capsys.readouterr().out)["per_platform"] == {"slack": 2, "discord": 1}
    assert main(["purge", "--user", "U1"]) == 0
    assert "exchanges 1" in capsys.readouterr().out
    assert main(["stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["questions"] == 2


def test_stats_and_purge_use_postgresql_when_a_url_is_set(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio
    import time

    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LLAMA4_DATABASE", str(tmp_path / "unused.sqlite3"))
    monkeypatch.setenv("LLAMA4_DATABASE_URL", pg_url)
    monkeypatch.setenv("LLAMA4_USER_HASH_SALT", "s")
    asyncio.run(seed(Backend("postgres", tmp_path / "unused.sqlite3", pg_url), Clock(time.time() - 10 * DAY)))
    assert main(["stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["questions"] == 3
    assert main(["purge", "--user", "U2"]) == 0
    assert "exchanges 2" in capsys.readouterr().out
    assert not (tmp_path / "unused.sqlite3").exists()


def test_stats_names_an_unreachable_server_without_its_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql://bot:hunter2secret@/nowhere?host={tmp_path}&connect_timeout=2"
    settings = Settings(database_path=tmp_path / "db.sqlite3", database_url=url)
    assert cli_stats.run(parse(["stats"]), settings) == 1
    err = capsys.readouterr().err
    assert err.startswith("llama4-bot stats: cannot read postgresql://bot:***@/nowhere")
    assert "hunter2secret" not in err and "\n" not in err.strip()
