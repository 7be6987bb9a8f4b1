"""What the outbox keeps for Discord, and how it is answered after a restart.

A deferred slash command keeps its interaction token (valid 15 minutes): the answer
edits the deferred reply. A mention keeps its channel and message: the answer is a
reply to that message. Both are rendered exactly as a live answer is.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import discord
from discord.utils import MISSING

from adapters.discord.convert import mention_request
from adapters.discord.feedback import feedback_view
from adapters.discord.render import Reply, render_answer, wants_feedback
from bot.conversation import ConversationKey, Request
from bot.service import BotService
from bot.storage.store import PendingWork

log = logging.getLogger(__name__)

INTERACTION_WORK = "discord.interaction"
MESSAGE_WORK = "discord.message"
INTERACTION_LIFETIME_S = 15 * 60
"""Discord accepts edits and follow-ups on an interaction token for 15 minutes."""
LIFETIMES = {INTERACTION_WORK: INTERACTION_LIFETIME_S}


def embeds(reply: Reply) -> list[discord.Embed]:
    return [discord.Embed.from_dict(embed) for embed in reply.embeds]


def interaction_work(
    *,
    interaction_id: int,
    application_id: int,
    token: str,
    command: str,
    argument: str,
    conversation: ConversationKey,
    ephemeral: bool,
    accepted_at: float,
) -> PendingWork:
    """What answering a deferred interaction needs after a restart."""
    payload = {
        "application_id": application_id,
        "token": token,
        "command": command,
        "argument": argument,
        "conversation": conversation.model_dump(),
        "ephemeral": ephemeral,
    }
    return PendingWork(f"discord:interaction:{interaction_id}", INTERACTION_WORK, json.dumps(payload), accepted_at)


def message_work(
    *, message_id: int, channel_id: int, content: str, bot_id: int, conversation: ConversationKey, accepted_at: float
) -> PendingWork:
    """What answering a mention or a direct message needs after a restart."""
    payload = {
        "message_id": message_id,
        "channel_id": channel_id,
        "content": content,
        "bot_id": bot_id,
        "conversation": conversation.model_dump(),
    }
    return PendingWork(f"discord:message:{message_id}", MESSAGE_WORK, json.dumps(payload), accepted_at)


async def redeliver(client: discord.Client, service: BotService, work: PendingWork) -> bool:
    """Answer one outbox row; True once it is settled (answered, or gone from Discord and counted)."""
    data = json.loads(work.payload)
    conversation = ConversationKey.model_validate(data["conversation"])
    if work.kind == INTERACTION_WORK:
        request = Request(command=str(data["command"]), argument=str(data["argument"]), conversation=conversation)
    elif work.kind == MESSAGE_WORK:
        request = mention_request(str(data["content"]), int(data["bot_id"]), conversation)
    else:
        log.warning("dropping an outbox row of unknown kind %s", work.kind)
        return True
    answer = await service.handle(request)
    replies = render_answer(answer)
    view = feedback_view(answer.id) if wants_feedback(answer) else None
    try:
        if work.kind == INTERACTION_WORK:
            await _edit_deferred(client, data, replies, view)
        else:
            await _reply(client, data, replies, view)
    except discord.NotFound:
        await service.fault("answer_expired", f"Discord no longer knows the {work.kind.partition('.')[2]} (404)")
    except discord.Forbidden:
        await service.fault("delivery_failed", "Discord refused the reply (403: no permission)")
    return True


async def _edit_deferred(
    client: discord.Client, data: dict[str, Any], replies: list[Reply], view: discord.ui.View | None
) -> None:
    webhook = discord.Webhook.partial(int(data["application_id"]), str(data["token"]), client=client)
    for index, reply in enumerate(replies):
        last_view = view if index == len(replies) - 1 else None
        if index == 0:
            original: Any = "@original"  # Discord's path id for the first response; discord.py types it as int
            await webhook.edit_message(original, embeds=embeds(reply), view=last_view)
        else:
            await webhook.send(embeds=embeds(reply), view=last_view or MISSING, ephemeral=bool(data["ephemeral"]))


async def _reply(
    client: discord.Client, data: dict[str, Any], replies: list[Reply], view: discord.ui.View | None
) -> None:
    channel = client.get_partial_messageable(int(data["channel_id"]))
    reference = discord.MessageReference(
        message_id=int(data["message_id"]), channel_id=int(data["channel_id"]), fail_if_not_exists=False
    )
    for index, reply in enumerate(replies):
        last_view = view if index == len(replies) - 1 else None
        await channel.send(
            embeds=embeds(reply), view=last_view or MISSING, reference=reference if index == 0 else MISSING,
            mention_author=False,
        )
