"""The slack-bolt app: mentions, DMs, ``/llama4`` and the buttons, each ending in ``BotService``.

Before anything is acknowledged, a global middleware (``SlackBot.accept``) checks the
payload's shape (400 for a malformed one), dedupes it, and records a question in the
outbox in the same write as its dedupe key: a mention by its channel and timestamp, a
command or a button press by a hash of the signed request. A repeat is acknowledged and
dropped. Every listener then acknowledges at once (``process_before_response=False``),
answers, and completes the outbox row once the reply is posted; what a crash or a failed
post leaves in the outbox is answered by ``redeliver`` (see ``bot.outbox``).
The engine itself runs in a thread inside ``BotService.handle``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from pydantic import ValidationError
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import convert
from adapters.slack.delivery import DeliveryFailed, describe, post_response_url, retry_handlers
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
from bot.cooldown import cooldown_message
from bot.models import Answer, AnswerKind
from bot.service import BotService
from bot.shared_state import shared_state
from bot.storage.store import PendingWork

log = logging.getLogger(__name__)

Payload = Mapping[str, Any]
OUTBOX_KEY = "llama4_outbox_key"
"""Where ``accept`` leaves the request's outbox key for the listener, in the bolt context."""
EVENT_WORK = "slack.event"
COMMAND_WORK = "slack.command"
RESPONSE_URL_LIFETIME_S = 30 * 60
"""Slack accepts posts to a ``response_url`` for 30 minutes."""
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

    def __init__(self, service: BotService, cooldown: tuple[int, float] = (0, 0.0)) -> None:
        self.service = service
        self.shared = shared_state(service.store)
        self._bot_user_id: str | None = None
        self._cooldown = cooldown  # (questions, seconds) per user, counted in the store; 0 questions: no limit

    async def _cooldown_wait(self, conversation: ConversationKey) -> float:
        """Count a question against the user's cooldown, shared by every process; seconds to wait, or 0."""
        limit, window = self._cooldown
        user = f"{conversation.workspace}:{conversation.user}"
        return await self.shared.rate_hit("slack", user, limit, window)

    def register(self, app: AsyncApp) -> None:
        app.middleware(self.accept)
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)
        app.command(convert.SLASH_COMMAND)(self.on_command)
        app.action(FEEDBACK_HELPFUL)(self.on_feedback)
        app.action(FEEDBACK_UNHELPFUL)(self.on_feedback)
        app.action(SHARE)(self.on_share)

    # ----- before the acknowledgement: shape, dedupe, outbox ----------------------------------

    async def accept(self, req: AsyncBoltRequest, resp: BoltResponse,
                     next: Callable[[], Awaitable[None]]) -> BoltResponse | None:
        body = req.body
        problem = convert.malformed(body)
        if problem:
            log.info("rejected a malformed Slack request: %s", problem)
            return BoltResponse(status=400, body=json.dumps({"error": "malformed request"}))
        key, work = self._work_for(req)
        if key is not None and not await self.service.accept(key, work):
            log.info("ignored a repeated Slack delivery")
            return BoltResponse(status=200, body="")
        if key is not None:
            req.context[OUTBOX_KEY] = key
        await next()
        return None

    def _work_for(self, req: AsyncBoltRequest) -> tuple[str | None, PendingWork | None]:
        """The dedupe key of a request, and the work to keep in the outbox for it (if any)."""
        body = req.body
        now = time.time()
        if body.get("type") == "event_callback":
            event = body["event"]
            if event.get("type") not in {"app_mention", "message"} or not convert.is_person_message(event):
                return None, None
            # One key per posted message: a retry and the app_mention/message pair share it.
            key = convert.message_key(str(body.get("team_id", "")), event)
            return key, PendingWork(key, EVENT_WORK, json.dumps(body), now)
        if body.get("type") == "block_actions" or "command" in body:
            key = request_key(req)
            if "command" in body and not convert.is_config(str(body.get("text", ""))):
                return key, PendingWork(key, COMMAND_WORK, json.dumps(dict(body)), now)
            return key, None
        return None, None

    # ----- events -----------------------------------------------------------------------------

    async def on_mention(self, body: Payload, event: Payload, context: AsyncBoltContext,
                         client: AsyncWebClient) -> None:
        await self._settle(context.get(OUTBOX_KEY), self._mention(body, event, context.bot_user_id, client))

    async def on_message(self, body: Payload, event: Payload, context: AsyncBoltContext,
                         client: AsyncWebClient) -> None:
        await self._settle(context.get(OUTBOX_KEY), self._message(body, event, context.bot_user_id, client))

    async def _mention(self, body: Payload, event: Payload, bot_user_id: str | None, client: AsyncWebClient) -> None:
        if convert.is_person_message(event):
            await self._reply_to_event(body, event, bot_user_id, client)

    async def _message(self, body: Payload, event: Payload, bot_user_id: str | None, client: AsyncWebClient) -> None:
        if not convert.is_person_message(event):
            return
        mentioned = bool(bot_user_id) and f"<@{bot_user_id}" in str(event.get("text", ""))
        if convert.is_direct_message(event) or mentioned:
            await self._reply_to_event(body, event, bot_user_id, client)
            return
        team = str(body.get("team_id", ""))
        settings = await self.service.channel_settings(convert.event_conversation(event, team))
        if settings.enabled and settings.answer_plain_questions:
            await self._reply_to_event(body, event, bot_user_id, client)

    async def _reply_to_event(self, body: Payload, event: Payload, bot_user_id: str | None,
                              client: AsyncWebClient) -> None:
        team = str(body.get("team_id") or "")
        conversation = convert.event_conversation(event, team)
        channel = conversation.channel
        settings = await self.service.channel_settings(conversation)
        if not settings.enabled and not convert.is_direct_message(event):
            return
        question = convert.strip_mentions(str(event.get("text", "")), bot_user_id) or "help"
        thread_ts = convert.reply_thread(event)
        wait = await self._cooldown_wait(conversation)
        if wait > 0:
            notice = render_notice(cooldown_message(wait))
            await client.chat_postEphemeral(channel=channel, user=conversation.user, thread_ts=thread_ts,
                                            **notice.as_kwargs())
            return
        answer = await self._answer(convert.text_request(question, conversation))
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

    async def on_command(self, ack: AsyncAck, body: Payload, context: AsyncBoltContext,
                         client: AsyncWebClient) -> None:
        await ack()
        await self._settle(context.get(OUTBOX_KEY), self._command(body, client))

    async def _command(self, body: Payload, client: AsyncWebClient) -> None:
        text = str(body.get("text", ""))
        conversation = convert.command_conversation(body)
        respond = Responder(str(body.get("response_url", "")))
        if convert.is_config(text):
            await self._configure(text, conversation, respond, client)
            return
        settings = await self.service.channel_settings(conversation)
        if not settings.enabled:
            await respond(response_type="ephemeral", **render_notice(DISABLED).as_kwargs())
            return
        wait = await self._cooldown_wait(conversation)
        if wait > 0:
            await respond(response_type="ephemeral", **render_notice(cooldown_message(wait)).as_kwargs())
            return
        answer = await self._answer(convert.text_request(text or "help", conversation))
        await self._remember(answer, None)
        await respond(response_type="ephemeral", **render_answer(answer, share=True).as_kwargs())

    async def _configure(self, text: str, conversation: ConversationKey, respond: Responder,
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

    async def on_feedback(self, ack: AsyncAck, body: Payload, action: Payload) -> None:
        await ack()
        await self._settle(None, self._feedback(body, action))

    async def _feedback(self, body: Payload, action: Payload) -> None:
        helpful = action.get("action_id") == FEEDBACK_HELPFUL
        user = str((body.get("user") or {}).get("id", ""))
        await self.service.feedback(str(action.get("value", "")), user, helpful)
        respond = Responder(str(body.get("response_url", "")))
        await respond(text="Thanks for the feedback!", response_type="ephemeral", replace_original=False)

    async def on_share(self, ack: AsyncAck, body: Payload, action: Payload) -> None:
        await ack()
        await self._settle(None, self._share(body, action))

    async def _share(self, body: Payload, action: Payload) -> None:
        respond = Responder(str(body.get("response_url", "")))
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

    # ----- after a crash: what the outbox still holds ----------------------------------------

    async def redeliver(self, work: PendingWork, client: AsyncWebClient) -> bool:
        """Answer a question accepted before (by this process or a previous one).

        True once it is settled: posted, or refused for good (counted). False leaves it
        pending for the next pass, after a failure a later attempt may get past (counted too).
        """
        try:
            body = json.loads(work.payload)
        except ValueError:
            log.warning("dropping an unreadable outbox row of kind %s", work.kind)
            return True
        try:
            if work.kind == COMMAND_WORK:
                await self._command(body, client)
            elif work.kind == EVENT_WORK:
                if self._bot_user_id is None:
                    self._bot_user_id = str((await client.auth_test()).get("user_id") or "") or None
                event = body["event"]
                if event.get("type") == "app_mention":
                    await self._mention(body, event, self._bot_user_id, client)
                else:
                    await self._message(body, event, self._bot_user_id, client)
            else:
                log.warning("dropping an outbox row of unknown kind %s", work.kind)
        except (DeliveryFailed, SlackApiError) as error:
            failure = describe(error)
            await self.service.fault("delivery_failed", f"{failure} (answering from the outbox)")
            return not failure.retryable
        return True

    # ----- helpers ------------------------------------------------------------------------------

    async def _settle(self, key: str | None, work: Awaitable[None]) -> None:
        """Run a listener's work; complete its outbox row, or leave it pending when a retryable post failed."""
        try:
            await work
        except Exception as error:
            failure = describe(error)
            if not isinstance(error, DeliveryFailed | SlackApiError):
                log.error("answering a Slack request failed: %s", type(error).__name__, exc_info=error)
            await self.service.fault("delivery_failed", str(failure))
            if key is not None and failure.retryable:
                self.service.release(key)  # the outbox pass tries again
                return
        if key is not None:
            await self.service.complete(key)

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


class Responder:
    """Posts to one ``response_url`` with retries (``delivery.post_response_url``); raises DeliveryFailed."""

    def __init__(self, url: str) -> None:
        self.url = url

    async def __call__(self, **message: Any) -> None:
        if not self.url:
            raise DeliveryFailed("response_url post (no response_url)", None, False)
        await post_response_url(self.url, {k: v for k, v in message.items() if v is not None})


def request_key(req: AsyncBoltRequest) -> str:
    """A command's or button press's dedupe key: the hash of the signed timestamp and body.

    A replay of the same signed request (Slack accepts a signature for five minutes) has
    the same key; two presses of one button, or one command typed twice, do not.
    """
    if req.raw_body:
        stamp = (req.headers.get("x-slack-request-timestamp") or [""])[0]
        signed = f"{stamp}:{req.raw_body}"
    else:  # Socket Mode: no signature; the payload carries a unique trigger_id
        signed = json.dumps(req.body, sort_keys=True)
    return f"{convert.PLATFORM}:request:" + hashlib.sha256(signed.encode("utf-8", "replace")).hexdigest()


def build_client(settings: Settings) -> AsyncWebClient:
    """A Web API client on ``settings.slack_api_url`` that retries rate limits, 5xx and connection errors."""
    if not settings.slack_bot_token:
        raise ValueError("SLACK_BOT_TOKEN is not set")
    return AsyncWebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url.rstrip("/") + "/",
        retry_handlers=retry_handlers(),
    )


def build_app(service: BotService, settings: Settings) -> AsyncApp:
    """An ``AsyncApp`` talking to ``settings.slack_api_url`` (Slack's, a GovSlack one, or a test server)."""
    app, _ = build_bot(service, settings)
    return app


def build_bot(service: BotService, settings: Settings) -> tuple[AsyncApp, SlackBot]:
    app = AsyncApp(
        client=build_client(settings),
        signing_secret=settings.slack_signing_secret,
        request_verification_enabled=bool(settings.slack_signing_secret),
        process_before_response=False,
    )
    bot = SlackBot(service, (settings.cooldown_questions, settings.cooldown_seconds))
    bot.register(app)
    return app, bot
