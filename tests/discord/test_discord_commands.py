"""Slash commands built from the core's table, and Discord input converted into core requests."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.discord.commands import build_commands, commands_hash, model_choices
from adapters.discord.convert import argument_text, conversation_key, mention_request
from bot.commands import COMMANDS, find_command


class NullHandler:
    async def run_command(self, interaction: Any, command: Any, values: Any, private: Any) -> None: ...

    async def complete_model(self, interaction: Any, current: str) -> list[app_commands.Choice[str]]:
        return []

    async def configure(self, interaction: Any, *flags: Any) -> None: ...


def payload() -> list[dict[str, Any]]:
    client = discord.Client(intents=discord.Intents.none())
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
    for command in build_commands(NullHandler()):
        tree.add_command(command)
    return [command.to_dict(tree) for command in tree.get_commands()]


def test_every_table_command_becomes_a_slash_command_with_its_arguments() -> None:
    by_name = {c["name"]: c for c in payload()}
    assert set(by_name) == {c.name for c in COMMANDS} | {"config"}
    for command in COMMANDS:
        options = by_name[command.name]["options"]
        assert [o["name"] for o in options] == [a.name for a in command.arguments] + ["private"]
        for option, argument in zip(options, command.arguments, strict=False):
            assert option["required"] == argument.required
            assert option.get("autocomplete", False) == (argument.kind == "model")
            assert option["description"] == argument.description[:100]
        assert len(by_name[command.name]["description"]) <= 100


def test_the_hash_changes_with_the_commands_or_the_target_only() -> None:
    commands = payload()
    assert commands_hash(commands, "global") == commands_hash(payload(), "global")
    assert commands_hash(commands, "global") != commands_hash(commands, "guild:1")
    changed = [dict(commands[0], description="changed"), *commands[1:]]
    assert commands_hash(changed, "global") != commands_hash(commands, "global")


def test_model_choices_are_unique_at_most_25_and_within_100_characters() -> None:
    names = [f"Model {i}" for i in range(40)] + ["Model 1", "x" * 150, " "]
    choices = model_choices(names)
    assert len(choices) == 25
    assert len({c.value for c in choices}) == 25
    assert model_choices(["x" * 150])[0].name == "x" * 100


def test_option_values_become_the_table_argument_line() -> None:
    compare = find_command("compare")
    assert compare is not None
    assert argument_text(compare, {"first": "scout", "second": "maverick", "third": None}) == "scout maverick"
    assert argument_text(compare, {"second": "b", "first": "a", "third": "c"}) == "a b c"


def test_mentions_become_requests() -> None:
    key = conversation_key(1, 2, 3)
    assert (key.platform, key.workspace, key.channel, key.user) == ("discord", "1", "2", "3")
    assert conversation_key(None, 2, 3).workspace == "dm"
    asked = mention_request("<@99> what is iRoPE?", 99, key)
    assert (asked.command, asked.argument) == ("ask", "what is iRoPE?")
    specs = mention_request("<@!99> specs scout", 99, key)
    assert (specs.command, specs.argument) == ("specs", "scout")
    assert mention_request("<@99>", 99, key).command == "help"
    other = mention_request("<@12> hello <@99>", 99, key)
    assert other.argument == "<@12> hello"
