"""The slack-bolt app: mentions, DMs, ``/llama4`` and the buttons, each ending in ``BotService``.

Every listener acknowledges first (events are acknowledged by bolt before the listener
runs; commands and actions call ``ack()`` before any work) and the app runs with
``process_before_response=False``, so an acknowledgement never waits for an answer.
The engine itself runs in a thread inside ``BotService.handle``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import convert
from adapters.slack.render import (
    FEEDBACK_HELPFUL,
    FEEDBACK_UNHELPFUL,
    SHARE,
    render_answer,
    render_notice,
)
from bot.commands import help_text
from bot.config import Settings
from bot.conversation import ConversationKey, Request
from bot.models import Answer, AnswerKind
from bot.service import BotService
from bot.shared_state import shared_state

log = logging.getLogger(__name__)

Payload = Mapping[str, Any]
DISABLED = (
    f"I am turned off in this channel. A channel admin can turn me on with `{convert.SLASH_COMMAND} config "
    "enabled on`."
)
FAILED = "Sorry, something went wrong while answering that. Please try again."
SHARE_KIND = "slack-share"
SHARE_TTL_S = 24 * 3600.0
"""How long the Share button of an ephemeral answer keeps working."""


def slack_help() -> Answer:
    text = help_text(f"{convert.SLASH_COMMAND} ") + (
        "\nIn a channel, mention me with your question and I answer in a thread; in a DM, just ask."
    )
    return Answer(question="help", kind=AnswerKind.INFO, text=text)


class SlackBot:
    """The listeners, with the service and the shared state (answers a Share button may still post).

    Shareable answers are kept in the store, so a Share pressed on another worker (or
    after a restart) still finds its answer for ``SHARE_TTL_S``.
    """

    def __init__(self, service: BotService) -> None:
        self.service = service
        self.shared = shared_state(service.store)

    def register(self, app: AsyncApp) -> None:
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)
        app.command(convert.SLASH_COMMAND)(self.on_command)
        app.action(FEEDBACK_HELPFUL)(self.on_feedback)
        app.action(FEEDBACK_UNHELPFUL)(self.on_feedback)
        app.action(SHARE)(self.on_share)

    # ----- events -----------------------------------------------------------------------------

    async def on_mention(self, body: Payload, event: Payload, context: AsyncBoltContext,
                         client: AsyncWebClient) -> None:
        if convert.is_person_message(event):
            await self._reply_to_event(body, event, context, client)

    async def on_message(self, body: Payload, event: Payload, context: AsyncBoltContext,
                         client: AsyncWebClient) -> None:
        if not convert.is_person_message(event):
            return
        mentioned = bool(context.bot_user_id) and f"<@{context.bot_user_id}" in str(event.get("text", ""))
        if convert.is_direct_message(event) or mentioned:
            await self._reply_to_event(body, event, context, client)
            return
        team = str(body.get("team_id", ""))
        settings = await self.service.channel_settings(convert.event_conversation(event, team))
        if settings.enabled and settings.answer_plain_questions:
            await self._reply_to_event(body, event, context, client)

    async def _reply_to_event(self, body: Payload, event: Payload, context: AsyncBoltContext,
                              client: AsyncWebClient) -> None:
        team = str(body.get("team_id") or context.team_id or "")
        event_id = str(body.get("event_id", ""))
        if event_id and not await self.service.is_new_event(convert.event_key(event_id)):
            return  # a redelivery (X-Slack-Retry-Num) of an event already handled
        if not await self.service.is_new_event(convert.message_key(team, event)):
            return  # the app_mention / message pair of one posted message
        conversation = convert.event_conversation(event, team)
        channel = conversation.channel
        settings = await self.service.channel_settings(conversation)
        if not settings.enabled and not convert.is_direct_message(event):
            return
        question = convert.strip_mentions(str(event.get("text", "")), context.bot_user_id) or "help"
        answer = await self._answer(convert.text_request(question, conversation))
        thread_ts = convert.reply_thread(event)
        if settings.private_by_default and not convert.is_direct_message(event):
            await self._remember(answer, thread_ts)
            message = render_answer(answer, share=True)
            await client.chat_postEphemeral(channel=channel, user=conversation.user, thread_ts=thread_ts,
                                            **message.as_kwargs())
        else:
            message = render_answer(answer)
            await client.chat_postMessage(channel=channel, thread_ts=thread_ts, unfurl_links=False,
                                          unfurl_media=False, **message.as_kwargs())

    # ----- the slash command --------------------------------------------------------------------

    async def on_command(self, ack: AsyncAck, body: Payload, respond: AsyncRespond,
                         client: AsyncWebClient) -> None:
        await ack()
        text = str(body.get("text", ""))
        conversation = convert.command_conversation(body)
        if convert.is_config(text):
            await self._configure(text, conversation, respond, client)
            return
        settings = await self.service.channel_settings(conversation)
        if not settings.enabled:
            await respond(response_type="ephemeral", **render_notice(DISABLED).as_kwargs())
            return
        answer = await self._answer(convert.text_request(text or "help", conversation))
        await self._remember(answer, None)
        await respond(response_type="ephemeral", **render_answer(answer, share=True).as_kwargs())

    async def _configure(self, text: str, conversation: ConversationKey, respond: AsyncRespond,
                         client: AsyncWebClient) -> None:
        current = await self.service.channel_settings(conversation)
        if text.strip().lower() == "config":
            reply = convert.describe_settings(current)
        elif not await self._may_configure(client, conversation):
            reply = "Only a workspace admin or the channel's creator can change my settings here."
        else:
            updated = convert.apply_config(text, current)
            if isinstance(updated, str):
                reply = updated
            elif await self.service.update_channel_settings(conversation, updated):
                reply = "Saved. " + convert.describe_settings(updated)
            else:
                reply = "Sorry, I could not save the settings. Please try again."
        await respond(response_type="ephemeral", **render_notice(reply).as_kwargs())

    async def _may_configure(self, client: AsyncWebClient, conversation: ConversationKey) -> bool:
        """Workspace admins and owners, and the channel's creator (anyone, in their own DM with the bot)."""
        if conversation.channel.startswith("D"):
            return True
        try:
            user = (await client.users_info(user=conversation.user)).get("user") or {}
            if user.get("is_admin") or user.get("is_owner"):
                return True
            channel = (await client.conversations_info(channel=conversation.channel)).get("channel") or {}
            return bool(channel.get("creator")) and channel.get("creator") == conversation.user
        except (SlackApiError, OSError, ValueError) as exc:
            log.warning("could not check channel admin rights: %s", type(exc).__name__)
            return False

    # ----- buttons ------------------------------------------------------------------------------

    async def on_feedback(self, ack: AsyncAck, body: Payload, action: Payload, respond: AsyncRespond) -> None:
        await ack()
        helpful = action.get("action_id") == FEEDBACK_HELPFUL
        user = str((body.get("user") or {}).get("id", ""))
        await self.service.feedback(str(action.get("value", "")), user, helpful)
        await respond(text="Thanks for the feedback!", response_type="ephemeral", replace_original=False)

    async def on_share(self, ack: AsyncAck, body: Payload, action: Payload, respond: AsyncRespond) -> None:
        await ack()
        found = await self._shareable(str(action.get("value", "")))
        if found is None:
            await respond(text="That answer is too old to share now; please ask again.",
                          response_type="ephemeral", replace_original=False)
            return
        answer, thread_ts = found
        user = str((body.get("user") or {}).get("id", ""))
        message = render_answer(answer, asked_by=user)
        await respond(response_type="in_channel", replace_original=False, thread_ts=thread_ts,
                      **message.as_kwargs())
        await respond(delete_original=True)

    # ----- helpers ------------------------------------------------------------------------------

    async def _answer(self, request: Request) -> Answer:
        if request.command == "help":
            return slack_help()
        try:
            return await self.service.handle(request)
        except Exception:
            log.exception("answering a %s request failed", request.command)
            return Answer(question=request.argument, kind=AnswerKind.INFO, text=FAILED)

    async def _remember(self, answer: Answer, thread_ts: str | None) -> None:
        kept = json.dumps({"answer": answer.model_dump(mode="json"), "thread_ts": thread_ts})
        await self.shared.keep(SHARE_KIND, answer.id, kept, SHARE_TTL_S)

    async def _shareable(self, answer_id: str) -> tuple[Answer, str | None] | None:
        kept = await self.shared.recall(SHARE_KIND, answer_id) if answer_id else None
        if kept is None:
            return None
        try:
            found = json.loads(kept)
            thread_ts = found.get("thread_ts")
            return Answer.model_validate(found["answer"]), str(thread_ts) if thread_ts else None
        except (ValueError, KeyError, TypeError, AttributeError, ValidationError):
            log.warning("ignoring an unreadable shareable answer")
            return None


def build_app(service: BotService, settings: Settings) -> AsyncApp:
    """An ``AsyncApp`` talking to ``settings.slack_api_url`` (Slack's, a GovSlack one, or a test server)."""
    if not settings.slack_bot_token:
        raise ValueError("SLACK_BOT_TOKEN is not set")
    client = AsyncWebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url.rstrip("/") + "/")
    app = AsyncApp(
        client=client,
        signing_secret=settings.slack_signing_secret,
        request_verification_enabled=bool(settings.slack_signing_secret),
        process_before_response=False,
    )
    SlackBot(service).register(app)
    return app
