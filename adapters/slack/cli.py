"""``llama4-bot slack [--http] [--port N] [--host H]``: run the Slack app.

Socket Mode when ``SLACK_APP_TOKEN`` is set (no public URL needed), HTTP mode otherwise
or with ``--http``. A missing variable stops the command with a message that names it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
import time

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.app import COMMAND_WORK, RESPONSE_URL_LIFETIME_S, SlackBot, build_bot
from adapters.slack.server import EVENTS_PATH, start_http
from bot.app import build_service
from bot.config import Settings
from bot.knowledge.corpus import KnowledgeError
from bot.outbox import Redelivery
from bot.service import BotService
from bot.storage.store import PendingWork

log = logging.getLogger(__name__)
DRAIN_S = 5.0
"""On SIGTERM or SIGINT, answers in flight get this long; what is left stays in the outbox for the next start."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--http", action="store_true",
                        help="serve the Events API over HTTP even when SLACK_APP_TOKEN is set")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 3000),
                        help="HTTP port (default: $PORT or 3000)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="HTTP host to bind (default: 127.0.0.1; use 0.0.0.0 in a container)")


def missing_setting(settings: Settings, http: bool) -> str | None:
    """The first thing missing for the chosen mode, as a message naming the variable."""
    if not settings.slack_bot_token:
        return "SLACK_BOT_TOKEN is not set: use the app's Bot User OAuth Token (xoxb-...)."
    if http and not settings.slack_signing_secret:
        if settings.slack_app_token:
            return "SLACK_SIGNING_SECRET is not set: HTTP mode (--http) verifies every request with it."
        return ("Neither SLACK_APP_TOKEN (Socket Mode, xapp-...) nor SLACK_SIGNING_SECRET (HTTP mode) "
                "is set: set one of them.")
    if not http and settings.slack_app_token and not settings.slack_app_token.startswith("xapp-"):
        return "SLACK_APP_TOKEN must be an app-level token (xapp-...) with the connections:write scope."
    return None


def run(args: argparse.Namespace, settings: Settings) -> int:
    http = bool(args.http) or not settings.slack_app_token
    problem = missing_setting(settings, http)
    if problem:
        print(f"llama4-bot slack: {problem}", file=sys.stderr)
        return 2
    status = asyncio.run(serve(settings, http=http, host=str(args.host), port=int(args.port)))
    return int(status or 0)


async def rejected_token(client: AsyncWebClient) -> str | None:
    """Why Slack refuses the bot token (``auth.test``), or None when it is accepted."""
    try:
        await client.auth_test()
    except SlackApiError as error:
        return f"Slack rejected SLACK_BOT_TOKEN ({error.response.get('error', 'error')})."
    except (OSError, TimeoutError, ValueError) as error:
        return f"Could not reach Slack at the API URL ({type(error).__name__})."
    return None


async def rejected_app_token(client: AsyncWebClient, app_token: str) -> str | None:
    """Why Slack refuses the app-level token for Socket Mode, or None when it opens a connection."""
    try:
        await client.apps_connections_open(app_token=app_token)
    except SlackApiError as error:
        return f"Slack rejected SLACK_APP_TOKEN ({error.response.get('error', 'error')})."
    except (OSError, TimeoutError, ValueError) as error:
        return f"Could not reach Slack at the API URL ({type(error).__name__})."
    return None


class Readiness:
    """``/healthz``: the store takes writes and Slack accepts the bot token (checked at most once a minute)."""

    def __init__(self, service: BotService, client: AsyncWebClient, every_s: float = 60.0) -> None:
        self.service = service
        self.client = client
        self.every_s = every_s
        self._token_problem: str | None = None
        self._checked_at = float("-inf")

    async def __call__(self) -> str | None:
        now = time.monotonic()
        if now - self._checked_at >= self.every_s:
            self._checked_at = now
            self._token_problem = await rejected_token(self.client)
        return self._token_problem or await self.service.store_health()


def redelivery(service: BotService, bot: SlackBot, client: AsyncWebClient, settings: Settings) -> Redelivery:
    async def deliver(work: PendingWork) -> bool:
        return await bot.redeliver(work, client)

    return Redelivery(
        service,
        deliver,
        max_age_s=settings.outbox_max_age_s,
        interval_s=settings.outbox_interval_s,
        lifetimes={COMMAND_WORK: RESPONSE_URL_LIFETIME_S},
    )


async def serve(settings: Settings, *, http: bool, host: str, port: int, stop: asyncio.Event | None = None) -> int:
    """Serve until SIGTERM or SIGINT (or ``stop``), then stop cleanly: an exit status for the command line."""
    try:
        service = await build_service(settings)
    except KnowledgeError as exc:
        print(f"llama4-bot: cannot load the knowledge base: {exc}", file=sys.stderr)
        return 1
    app, bot = build_bot(service, settings)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    outbox: asyncio.Task[None] | None = None
    try:
        problem = await rejected_token(app.client)
        if not problem and not http:
            problem = await rejected_app_token(app.client, settings.slack_app_token or "")
        if problem:
            print(f"llama4-bot slack: {problem}", file=sys.stderr)
            return 1
        outbox = asyncio.create_task(redelivery(service, bot, app.client, settings).run_forever(), name="outbox")
        if http:
            ready = Readiness(service, app.client)
            runner, bound = await start_http(app, settings.slack_signing_secret or "", host, port, ready=ready)
            print(f"llama4-bot: Slack app listening on http://{host}:{bound}{EVENTS_PATH}", file=sys.stderr)
            try:
                await stop.wait()
            finally:
                await runner.cleanup()
        else:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            handler = AsyncSocketModeHandler(app, settings.slack_app_token)
            connecting = asyncio.create_task(handler.connect_async())  # type: ignore[no-untyped-call]
            stopping = asyncio.create_task(stop.wait())
            try:
                await asyncio.wait({connecting, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if connecting.done():
                    connecting.result()
                    print("llama4-bot: Slack app connected over Socket Mode", file=sys.stderr)
                    await stopping
            finally:
                connecting.cancel()
                stopping.cancel()
                await handler.close_async()  # type: ignore[no-untyped-call]
        log.warning("stopping: finishing answers in flight")
        await service.drain(DRAIN_S)
    finally:
        if outbox is not None:
            outbox.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await outbox
        await service.store.close()
    return 0
