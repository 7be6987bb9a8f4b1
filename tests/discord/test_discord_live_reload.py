"""Discord autocomplete offers the models of knowledge added while the bot runs."""

from __future__ import annotations

from pathlib import Path

from discord_payloads import autocomplete
from test_discord_interactions import RecordingAdapter, invoke, make_bot

from bot import cli
from bot.live import LiveEngine

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"


async def test_autocomplete_uses_the_reloaded_engine(tmp_path, monkeypatch):
    from discord.webhook.async_ import async_context

    folder = tmp_path / "knowledge"
    monkeypatch.setenv("LLAMA4_KNOWLEDGE_DIR", str(folder))
    first = tmp_path / "note.txt"  # a first article that states no model facts
    first.write_text(
        "A note on open models\n\nOpen-weight language models keep arriving, and operators ask how to keep "
        "a chatbot's sources current without restarting it. The answer is to add each new article as it is "
        "published and to let every running bot reload its knowledge before the next question it answers.\n",
        encoding="utf-8",
    )
    assert cli.main(["add", str(first)]) == 0
    live = LiveEngine.load(folder, interval_s=0)
    bot = make_bot(live, tmp_path=tmp_path)  # type: ignore[arg-type]
    recorder = RecordingAdapter()
    token = async_context.set(recorder)
    try:
        await invoke(bot, autocomplete("specs", "model", model="l"))
        assert recorder.sent[-1][2]["data"]["choices"] == []
        assert cli.main(["add", str(FIXTURES / "llama4-model-card.md")]) == 0  # its table names Scout and Maverick
        await invoke(bot, autocomplete("specs", "model", model="l"))
        choices = [c["value"] for c in recorder.sent[-1][2]["data"]["choices"]]
        assert {"Llama 4 Scout", "Llama 4 Maverick"} <= set(choices)
    finally:
        async_context.reset(token)
