"""Settings from the environment (and an optional, git-ignored ``.env`` file).

Secrets are read here and nowhere else; ``Settings.__repr__`` hides them so they
never reach a log line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGED_KNOWLEDGE_DIR = Path(__file__).resolve().parent / "knowledge_data"
"""Where an installed wheel keeps the knowledge (``knowledge/`` is shipped there as package data)."""
DEFAULT_KNOWLEDGE_DIR = PACKAGED_KNOWLEDGE_DIR if PACKAGED_KNOWLEDGE_DIR.is_dir() else PROJECT_ROOT / "knowledge"
"""The installed package's knowledge, or the checkout's ``knowledge/``; ``LLAMA4_KNOWLEDGE_DIR`` overrides both."""
MAX_QUESTION_CHARS = 2000
"""Questions longer than this are cut to this length before they reach the engine."""

DISCORD_API_BASE_URL = "https://discord.com/api/v10"
DISCORD_GATEWAY_URL = "wss://gateway.discord.gg"
SLACK_API_URL = "https://slack.com/api/"


def _secret() -> str | None:
    return field(default=None, repr=False)


@dataclass(frozen=True)
class Settings:
    knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR
    database_path: Path = Path("data/llama4-bot.sqlite3")
    database_url: str | None = _secret()
    """``postgresql://...``: the shared PostgreSQL backend instead of the SQLite file."""
    conversation_idle_s: float = 1800.0
    retention_days: int = 90
    store_raw_user_ids: bool = False
    cooldown_questions: int = 5
    cooldown_seconds: float = 30.0
    discord_token: str | None = _secret()
    discord_guild_id: int | None = None
    discord_api_base_url: str = DISCORD_API_BASE_URL
    discord_gateway_url: str = DISCORD_GATEWAY_URL
    slack_bot_token: str | None = _secret()
    slack_signing_secret: str | None = _secret()
    slack_app_token: str | None = _secret()
    slack_api_url: str = SLACK_API_URL
    user_hash_salt: str | None = _secret()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, dotenv: Path | None = Path(".env")) -> Settings:
        values = dict(read_dotenv(dotenv)) if dotenv is not None else {}
        values.update(os.environ if env is None else env)

        def get(name: str) -> str | None:
            value = values.get(name, "").strip()
            return value or None

        def number(name: str, default: float) -> float:
            raw = get(name)
            if raw is None:
                return default
            try:
                return float(raw)
            except ValueError:
                raise SystemExit(f"{name} must be a number, got {raw!r}") from None

        guild = get("DISCORD_GUILD_ID")
        if guild is not None and not guild.isdigit():
            raise SystemExit(f"DISCORD_GUILD_ID must be a numeric id, got {guild!r}")
        return cls(
            knowledge_dir=Path(get("LLAMA4_KNOWLEDGE_DIR") or DEFAULT_KNOWLEDGE_DIR),
            database_path=Path(get("LLAMA4_DATABASE") or "data/llama4-bot.sqlite3"),
            database_url=get("LLAMA4_DATABASE_URL"),
            conversation_idle_s=number("LLAMA4_CONVERSATION_IDLE_S", 1800.0),
            retention_days=int(number("LLAMA4_RETENTION_DAYS", 90)),
            store_raw_user_ids=(get("LLAMA4_STORE_RAW_USER_IDS") or "").lower() in {"1", "true", "yes"},
            cooldown_questions=int(number("LLAMA4_COOLDOWN_QUESTIONS", 5)),
            cooldown_seconds=number("LLAMA4_COOLDOWN_SECONDS", 30.0),
            discord_token=get("DISCORD_TOKEN"),
            discord_guild_id=int(guild) if guild else None,
            discord_api_base_url=get("DISCORD_API_BASE_URL") or DISCORD_API_BASE_URL,
            discord_gateway_url=get("DISCORD_GATEWAY_URL") or DISCORD_GATEWAY_URL,
            slack_bot_token=get("SLACK_BOT_TOKEN"),
            slack_signing_secret=get("SLACK_SIGNING_SECRET"),
            slack_app_token=get("SLACK_APP_TOKEN"),
            slack_api_url=get("SLACK_API_URL") or SLACK_API_URL,
            user_hash_salt=get("LLAMA4_USER_HASH_SALT"),
        )

    def secrets(self) -> list[str]:
        """Every secret value that is set, so that log filters can redact them."""
        return [str(getattr(self, f.name)) for f in fields(self) if not f.repr and getattr(self, f.name)]


def read_dotenv(path: Path | None) -> dict[str, str]:
    """Parse ``KEY=value`` lines; ``#`` comments, blank lines and ``export`` prefixes are allowed."""
    if path is None or not path.is_file():
        return {}
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values
