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
    return f"{PLATFORM}:{user_id}"
