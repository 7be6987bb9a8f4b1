"""Discord input as the core's requests: conversation keys, option values, mentions.

Pure functions over plain values, so that they are tested without a client.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.commands import Command, parse_line
from bot.conversation import ConversationKey, Request

PLATFORM = "discord"


def conversation_key(guild_id: int | None, channel_id: int | None, user_id: int) -> ConversationKey:
    return ConversationKey(
        platform=PLATFORM,
        workspace=str(guild_id) if guild_id else "dm",
        channel=str(channel_id or ""),
        user=str(user_id),
    )


def argument_text(command: Command, values: Mapping[str, object]) -> str:
    """The command's argument line from slash-command option values, in the table's order."""
    parts = [str(values[arg.name]).strip() for arg in command.arguments if values.get(arg.name) is not None]
    return " ".join(part for part in parts if part)


def mention_request(content: str, bot_id: int, key: ConversationKey) -> Request:
    """``@bot specs scout`` or ``@bot what is iRoPE?`` as a request; a bare mention asks for help."""
    text = re.sub(rf"<@!?{bot_id}>", " ", content).strip()
    if not text:
        return Request(command="help", conversation=key)
    command, argument = parse_line(text, slash_required=False)
    return Request(command=command, argument=argument, conversation=key)


def feedback_user(user_id: int) -> str:
    """The user a vote is stored under: the platform id, as for questions, so that ``purge --user`` finds both."""
    return str(user_id)


# Option types (Discord API): 1 sub-command, 2 group, 3 string, 4 integer, 5 boolean, 10 number.
_VALUE_TYPES: dict[int, tuple[type, ...]] = {3: (str,), 4: (int,), 5: (bool,), 10: (int, float)}


def malformed_options(options: object) -> str | None:
    """Why slash-command options are not what Discord sends, or None when their shape is fine.

    discord.py trusts the payload: an option without a value raised inside its invoker
    task, where nothing reports it, and the user saw "The application did not respond".
    """
    if options is None:
        return None
    if not isinstance(options, list):
        return "options is not a list"
    for option in options:
        if not isinstance(option, Mapping) or not isinstance(option.get("name"), str):
            return "an option without a name"
        kind = option.get("type")
        if kind in (1, 2):
            problem = malformed_options(option.get("options"))
            if problem:
                return problem
            continue
        if "value" not in option:
            return f"option {option['name']!r} has no value"
        expected = _VALUE_TYPES.get(kind) if isinstance(kind, int) else None
        value = option["value"]
        wrong_bool = bool not in (expected or ()) and isinstance(value, bool)
        if expected is not None and (not isinstance(value, expected) or wrong_bool):
            return f"option {option['name']!r} has a value of the wrong type"
    return None
