"""Settings from the environment (and an optional, git-ignored ``.env`` file).

pydantic-settings parses and validates them (:class:`EnvSettings`); the bot sees the
frozen :class:`Settings`. Secrets are read here and nowhere else; ``Settings.__repr__``
hides them so they never reach a log line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Annotated, Any

from dotenv import dotenv_values
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

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
    discord_shard_count: int | None = None
    """How many shards the bot runs in all (over every process); None: Discord's recommended count."""
    discord_shard_ids: tuple[int, ...] | None = None
    """The shards this process runs; None: all of them."""
    discord_api_base_url: str = DISCORD_API_BASE_URL
    discord_gateway_url: str = DISCORD_GATEWAY_URL
    slack_bot_token: str | None = _secret()
    slack_signing_secret: str | None = _secret()
    slack_app_token: str | None = _secret()
    slack_api_url: str = SLACK_API_URL
    user_hash_salt: str | None = _secret()
    outbox_max_age_s: float = 600.0
    """Questions acknowledged but unanswered (a crash, a failed post) are answered up to this old."""
    outbox_interval_s: float = 60.0
    """How often the outbox is checked for such questions (besides at start-up)."""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, dotenv: Path | None = Path(".env")) -> Settings:
        """The settings from ``env`` (default: the process environment) over the ``dotenv`` file.

        An invalid value stops the program with one line naming the variable and the problem
        (``SystemExit``); a secret's value is never repeated in it.
        """
        given = os.environ if env is None else env
        known: dict[str, Any] = {
            name: value.strip() for name, value in given.items() if name in ENV_NAMES and value.strip()
        }
        try:
            parsed = EnvSettings(_env_file=dotenv if dotenv is not None and dotenv.is_file() else None, **known)
        except ValidationError as exc:
            raise SystemExit(describe_invalid(exc)) from None
        values = parsed.model_dump()
        values["discord_shard_ids"] = shard_ids(parsed.discord_shard_ids)
        values["outbox_interval_s"] = max(1.0, parsed.outbox_interval_s)
        settings = cls(**values)
        problem = shard_problem(settings.discord_shard_count, settings.discord_shard_ids)
        if problem:
            raise SystemExit(f"llama4-bot: {problem}")
        return settings

    def secrets(self) -> list[str]:
        """Every secret value that is set, so that log filters can redact them."""
        return [str(getattr(self, f.name)) for f in fields(self) if not f.repr and getattr(self, f.name)]


def shard_ids(text: str | None) -> tuple[int, ...] | None:
    """``"0, 1"`` -> ``(0, 1)``; None or blank -> None (every shard)."""
    if text is None or not text.strip():
        return None
    return tuple(sorted({int(part) for part in text.split(",")}))


def shard_problem(count: int | None, ids: tuple[int, ...] | None) -> str | None:
    """What is wrong with a shard choice, in one line, or None."""
    if ids is None:
        return None
    if count is None:
        return "DISCORD_SHARD_IDS (--shard-ids) needs DISCORD_SHARD_COUNT (--shard-count), the total of all processes."
    too_big = [i for i in ids if i >= count]
    if too_big:
        return f"shard ids must be below the shard count {count} (they count from 0); got {too_big[0]}."
    return None


def read_dotenv(path: Path | None) -> dict[str, str]:
    """The ``KEY=value`` lines of a ``.env`` file, parsed by python-dotenv (quotes, comments, ``export``)."""
    if path is None or not path.is_file():
        return {}
    return {key: value for key, value in dotenv_values(path).items() if value is not None}


FiniteSeconds = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]


class EnvSettings(BaseSettings):
    """The environment variables and their types; ``Settings`` is what the rest of the bot sees.

    pydantic-settings reads the ``.env`` file (through python-dotenv) and validates every
    value; the environment itself is passed in by ``Settings.from_env`` so that it wins.
    """

    model_config = SettingsConfigDict(
        extra="ignore", env_ignore_empty=True, str_strip_whitespace=True, case_sensitive=True, frozen=True
    )

    knowledge_dir: Path = Field(DEFAULT_KNOWLEDGE_DIR, alias="LLAMA4_KNOWLEDGE_DIR")
    database_path: Path = Field(Path("data/llama4-bot.sqlite3"), alias="LLAMA4_DATABASE")
    database_url: str | None = Field(None, alias="LLAMA4_DATABASE_URL", pattern=r"^postgres(ql)?://")
    conversation_idle_s: FiniteSeconds = Field(1800.0, alias="LLAMA4_CONVERSATION_IDLE_S")
    retention_days: Count = Field(90, alias="LLAMA4_RETENTION_DAYS")
    store_raw_user_ids: bool = Field(False, alias="LLAMA4_STORE_RAW_USER_IDS")
    cooldown_questions: Count = Field(5, alias="LLAMA4_COOLDOWN_QUESTIONS")
    cooldown_seconds: FiniteSeconds = Field(30.0, alias="LLAMA4_COOLDOWN_SECONDS")
    discord_token: str | None = Field(None, alias="DISCORD_TOKEN")
    discord_guild_id: int | None = Field(None, alias="DISCORD_GUILD_ID", gt=0)
    discord_shard_count: int | None = Field(None, alias="DISCORD_SHARD_COUNT", gt=0)
    discord_shard_ids: str | None = Field(None, alias="DISCORD_SHARD_IDS", pattern=r"^\d+( *, *\d+)*$")
    discord_api_base_url: str = Field(DISCORD_API_BASE_URL, alias="DISCORD_API_BASE_URL")
    discord_gateway_url: str = Field(DISCORD_GATEWAY_URL, alias="DISCORD_GATEWAY_URL")
    slack_bot_token: str | None = Field(None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(None, alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(SLACK_API_URL, alias="SLACK_API_URL")
    user_hash_salt: str | None = Field(None, alias="LLAMA4_USER_HASH_SALT")
    outbox_max_age_s: FiniteSeconds = Field(600.0, alias="LLAMA4_OUTBOX_MAX_AGE_S")
    outbox_interval_s: FiniteSeconds = Field(60.0, alias="LLAMA4_OUTBOX_INTERVAL_S")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, dotenv_settings)  # the environment comes in as init values


ENV_NAMES = frozenset(str(f.alias) for f in EnvSettings.model_fields.values())
"""Every environment variable the bot reads."""
_PROBLEMS = {
    "finite_number": "must be a finite number",
    "float_parsing": "must be a number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_parsing": "must be true or false",
    "greater_than_equal": "cannot be negative",
    "greater_than": "must be a positive number",
    "string_pattern_mismatch": "is not in the expected form",
}
_FORMS = {
    "LLAMA4_DATABASE_URL": "must start with postgresql://",
    "DISCORD_SHARD_IDS": "must be shard numbers separated by commas, like 0,1",
}


def describe_invalid(exc: ValidationError) -> str:
    """One line for the first invalid setting: its variable, what is wrong, and the value unless secret."""
    error = exc.errors()[0]
    name = str(error["loc"][0]) if error["loc"] else "a setting"
    problem = _PROBLEMS.get(error["type"], str(error["msg"]).lower())
    if error["type"] == "string_pattern_mismatch":
        problem = _FORMS.get(name, problem)
    hidden = {f.name for f in fields(Settings) if not f.repr}
    secret = any(info.alias == name and key in hidden for key, info in EnvSettings.model_fields.items())
    shown = "" if secret else f", got {error['input']!r}"
    return f"llama4-bot: {name} {problem}{shown}."
