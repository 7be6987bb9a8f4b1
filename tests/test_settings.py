"""Settings from the environment and ``.env``: quoting, comments, and one clear line for a bad value."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ENV_NAMES, Settings

ROOT = Path(__file__).resolve().parent.parent


def from_dotenv(tmp_path: Path, text: str, env: dict[str, str] | None = None) -> Settings:
    dotenv = tmp_path / ".env"
    dotenv.write_text(text, "utf-8")
    return Settings.from_env(env or {}, dotenv)


def refusal(tmp_path: Path, text: str) -> str:
    with pytest.raises(SystemExit) as stopped:
        from_dotenv(tmp_path, text)
    message = str(stopped.value.code)
    assert "\n" not in message
    return message


def test_quotes_and_comments_are_read_as_a_shell_would(tmp_path: Path) -> None:
    settings = from_dotenv(
        tmp_path,
        "# tokens\n"
        'DISCORD_TOKEN="abc.def" # the bot token\n'
        "SLACK_SIGNING_SECRET='has#hash'\n"
        "LLAMA4_COOLDOWN_SECONDS=45 # seconds\n"
        "export LLAMA4_COOLDOWN_QUESTIONS=7\n"
        "LLAMA4_STORE_RAW_USER_IDS=yes\n"
        "LLAMA4_RETENTION_DAYS=\n",
    )
    assert settings.discord_token == "abc.def"
    assert settings.slack_signing_secret == "has#hash"
    assert (settings.cooldown_seconds, settings.cooldown_questions) == (45.0, 7)
    assert settings.store_raw_user_ids is True
    assert settings.retention_days == 90  # an empty value keeps the default


def test_the_environment_wins_over_the_file_and_blank_values_are_ignored(tmp_path: Path) -> None:
    settings = from_dotenv(
        tmp_path,
        "DISCORD_GUILD_ID=1\nLLAMA4_DATABASE=from-file.sqlite3\n",
        {"DISCORD_GUILD_ID": " 42 ", "LLAMA4_DATABASE": "  ", "UNRELATED": "x"},
    )
    assert settings.discord_guild_id == 42
    assert settings.database_path == Path("from-file.sqlite3")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("LLAMA4_COOLDOWN_SECONDS=nan", "llama4-bot: LLAMA4_COOLDOWN_SECONDS must be a finite number, got 'nan'."),
        (
            "LLAMA4_CONVERSATION_IDLE_S=inf",
            "llama4-bot: LLAMA4_CONVERSATION_IDLE_S must be a finite number, got 'inf'.",
        ),
        ("LLAMA4_COOLDOWN_SECONDS=soon", "llama4-bot: LLAMA4_COOLDOWN_SECONDS must be a number, got 'soon'."),
        ("LLAMA4_RETENTION_DAYS=-3", "llama4-bot: LLAMA4_RETENTION_DAYS cannot be negative, got '-3'."),
        ("LLAMA4_COOLDOWN_QUESTIONS=2.5", "llama4-bot: LLAMA4_COOLDOWN_QUESTIONS must be a whole number, got '2.5'."),
        (
            "LLAMA4_STORE_RAW_USER_IDS=maybe",
            "llama4-bot: LLAMA4_STORE_RAW_USER_IDS must be true or false, got 'maybe'.",
        ),
        ("DISCORD_GUILD_ID=my-server", "llama4-bot: DISCORD_GUILD_ID must be a whole number, got 'my-server'."),
        ("DISCORD_GUILD_ID=0", "llama4-bot: DISCORD_GUILD_ID must be a positive number, got '0'."),
    ],
)
def test_an_invalid_value_is_one_clear_line(tmp_path: Path, line: str, expected: str) -> None:
    assert refusal(tmp_path, line + "\n") == expected


def test_an_invalid_secret_is_named_but_never_shown(tmp_path: Path) -> None:
    message = refusal(tmp_path, "LLAMA4_DATABASE_URL=mysql://bot:hunter2@db/llama4\n")
    assert message == "llama4-bot: LLAMA4_DATABASE_URL must start with postgresql://."


def test_env_example_names_only_settings_the_bot_reads() -> None:
    names = {
        line.lstrip("# ").split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line and line.lstrip("# ")[:1].isupper()
    }
    assert names - {"POSTGRES_PASSWORD"} <= ENV_NAMES  # POSTGRES_PASSWORD is compose.yaml's
    assert ENV_NAMES - names <= {"DISCORD_API_BASE_URL", "DISCORD_GATEWAY_URL", "SLACK_API_URL"}  # test-only


def test_the_command_line_stops_with_the_line_and_no_traceback(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("LLAMA4_COOLDOWN_SECONDS=inf # forever\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "what is scout's context window?"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 1
    assert done.stderr == "llama4-bot: LLAMA4_COOLDOWN_SECONDS must be a finite number, got 'inf'.\n"
