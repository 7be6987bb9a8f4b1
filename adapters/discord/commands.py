"""Slash commands built from the core's command table, plus the admin-only ``/config``.

Each ``bot.commands.COMMANDS`` entry becomes one slash command whose options are
the entry's arguments (model arguments autocomplete) and an optional ``private``
flag. The callbacks only collect option values and hand them to a ``Handler``.
The command set is hashed so that start-up syncs only when it changed.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from typing import Any, Protocol

import discord
from discord import app_commands

from adapters.discord.limits import CHOICE_NAME
from bot.commands import COMMANDS, Command

PRIVATE_OPTION = "private"
PRIVATE_DESCRIPTION = "Only you see the answer"
DESCRIPTION_CHARS = 100


class Handler(Protocol):
    async def run_command(
        self, interaction: discord.Interaction, command: Command, values: dict[str, Any], private: bool | None
    ) -> None: ...

    async def complete_model(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]: ...

    async def configure(
        self,
        interaction: discord.Interaction,
        enabled: bool | None,
        private_by_default: bool | None,
        answer_plain_questions: bool | None,
    ) -> None: ...


def _short(text: str) -> str:
    return text if len(text) <= DESCRIPTION_CHARS else text[: DESCRIPTION_CHARS - 1].rstrip() + "…"


def slash_command(command: Command, handler: Handler) -> app_commands.Command[Any, Any, None]:
    """One table entry as a slash command: an option per argument, then ``private``."""

    async def callback(interaction: discord.Interaction, /, **values: Any) -> None:
        private = values.pop(PRIVATE_OPTION, None)
        await handler.run_command(interaction, command, values, private)

    interaction_param = inspect.Parameter(
        "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
    )
    params = [interaction_param]
    for arg in command.arguments:
        params.append(
            inspect.Parameter(
                arg.name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=str if arg.required else str | None,
                default=inspect.Parameter.empty if arg.required else None,
            )
        )
    params.append(
        inspect.Parameter(PRIVATE_OPTION, inspect.Parameter.KEYWORD_ONLY, annotation=bool | None, default=None)
    )
    callback.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    callback.__name__ = callback.__qualname__ = f"{command.name}_command"
    descriptions = {arg.name: _short(arg.description) for arg in command.arguments}
    app_commands.describe(**descriptions, **{PRIVATE_OPTION: PRIVATE_DESCRIPTION})(callback)

    slash: app_commands.Command[Any, Any, None] = app_commands.Command(
        name=command.name, description=_short(command.summary), callback=callback
    )
    for arg in command.arguments:
        if arg.kind == "model":
            slash.autocomplete(arg.name)(handler.complete_model)
    return slash


def config_command(handler: Handler) -> app_commands.Command[Any, Any, None]:
    async def config(
        interaction: discord.Interaction,
        enabled: bool | None = None,
        private_by_default: bool | None = None,
        answer_plain_questions: bool | None = None,
    ) -> None:
        await handler.configure(interaction, enabled, private_by_default, answer_plain_questions)

    app_commands.describe(
        enabled="Answer commands and mentions in this channel",
        private_by_default="Answers are visible only to the asker unless they choose otherwise",
        answer_plain_questions="Answer questions asked without a mention (needs the message content intent)",
    )(config)
    app_commands.guild_only()(config)
    app_commands.default_permissions(manage_guild=True)(config)
    return app_commands.Command(
        name="config", description="Channel settings for this bot (server managers only)", callback=config
    )


def build_commands(handler: Handler) -> list[app_commands.Command[Any, Any, None]]:
    return [*(slash_command(command, handler) for command in COMMANDS), config_command(handler)]


def model_choices(names: list[str], limit: int = 25) -> list[app_commands.Choice[str]]:
    """Autocomplete choices: at most 25, each name and value within Discord's 100 characters."""
    choices: list[app_commands.Choice[str]] = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        choices.append(app_commands.Choice(name=name[:CHOICE_NAME], value=name[:CHOICE_NAME]))
        if len(choices) >= limit:
            break
    return choices


def commands_hash(payload: list[dict[str, Any]], target: str) -> str:
    """A stable digest of what would be synced, and where to."""
    blob = json.dumps({"target": target, "commands": payload}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()
