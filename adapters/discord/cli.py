"""``llama4-bot discord``: run the bot, or print the URL that invites it (``--invite-url``)."""

from __future__ import annotations

import argparse
import asyncio
import base64
import binascii
import contextlib
import logging
import signal
import sys
from dataclasses import replace

import aiohttp
import discord

from adapters.discord.client import LlamaBot
from adapters.discord.endpoints import discord_endpoints
from bot.app import build_service
from bot.config import Settings, shard_ids, shard_problem
from bot.knowledge.corpus import KnowledgeError
from bot.service import BotService

log = logging.getLogger(__name__)

SCOPES = ("bot", "applications.commands")
PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    read_message_history=True,
)
"""What answering needs: see the channel, send (also in threads), embed, and reply to a message."""

NO_TOKEN = (
    "DISCORD_TOKEN is not set. Create an application at https://discord.com/developers/applications, "
    "copy its bot token into DISCORD_TOKEN (environment or .env), and run again. See the Discord section of README.md."
)
BAD_TOKEN = "Discord rejected DISCORD_TOKEN (401 Unauthorized). Reset the bot token in the developer portal."
BAD_TOKEN_FORMAT = (
    "DISCORD_TOKEN is set but is not a bot token (its first part should encode the application id): "
    "copy the token again from the developer portal, or give --client-id."
)
DRAIN_S = 5.0
"""On SIGTERM or SIGINT, answers in flight get this long before the bot disconnects (the rest stay in the outbox)."""
INTENTS_REFUSED = (
    "Discord refused the message content intent. Enable it for the bot in the developer portal, "
    "or run without --message-content."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--invite-url", action="store_true", help="print the URL that adds the bot to a server, then exit"
    )
    parser.add_argument("--client-id", help="application id for --invite-url (default: read from DISCORD_TOKEN)")
    parser.add_argument(
        "--shard-count", type=int, metavar="N", help="shards over all processes (default: DISCORD_SHARD_COUNT, "
        "else Discord's recommended count)",
    )
    parser.add_argument(
        "--shard-ids", metavar="IDS", help="the shards this process runs, like 0,1 (default: DISCORD_SHARD_IDS or all)"
    )
    parser.add_argument(
        "--message-content",
        action="store_true",
        help="request the privileged message content intent, needed for /config answer_plain_questions",
    )


def client_id_from_token(token: str | None) -> int | None:
    """A bot token's first part is the base64 of the bot's user id, which is the application id."""
    if not token:
        return None
    head = token.strip().split(".", 1)[0]
    try:
        decoded = base64.b64decode(head + "=" * (-len(head) % 4), validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return int(decoded) if decoded.isdigit() else None


def invite_url(client_id: int) -> str:
    return discord.utils.oauth_url(client_id, permissions=PERMISSIONS, scopes=SCOPES)


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.invite_url:
        raw = args.client_id or ""
        client_id = int(raw) if raw.isdigit() else client_id_from_token(settings.discord_token)
        if client_id is None:
            if settings.discord_token and not raw:
                print(BAD_TOKEN_FORMAT, file=sys.stderr)
            else:
                print(
                    "Give --client-id (the application id) or set DISCORD_TOKEN to print the invite URL.",
                    file=sys.stderr,
                )
            return 2
        print(invite_url(client_id))
        return 0
    if not settings.discord_token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    sharded = with_shards(settings, args.shard_count, args.shard_ids)
    if isinstance(sharded, str):
        print(f"llama4-bot discord: {sharded}", file=sys.stderr)
        return 2
    return asyncio.run(serve_until_signalled(sharded, message_content=args.message_content))


def with_shards(settings: Settings, count: int | None, ids: str | None) -> Settings | str:
    """The settings with the command line's shard choice over the environment's, or what is wrong with it."""
    if count is not None and count < 1:
        return "--shard-count must be at least 1."
    try:
        chosen_ids = shard_ids(ids) if ids is not None else settings.discord_shard_ids
    except ValueError:
        return f"--shard-ids must be shard numbers separated by commas, like 0,1; got {ids!r}."
    if chosen_ids is not None and any(i < 0 for i in chosen_ids):
        return "shard ids count from 0."
    chosen_count = count if count is not None else settings.discord_shard_count
    problem = shard_problem(chosen_count, chosen_ids)
    if problem:
        return problem
    return replace(settings, discord_shard_count=chosen_count, discord_shard_ids=chosen_ids)


async def serve_until_signalled(settings: Settings, *, message_content: bool = False) -> int:
    """``serve`` until SIGTERM or SIGINT, then a clean stop with exit status 0."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    return await serve(settings, message_content=message_content, stop=stop)


async def serve(
    settings: Settings,
    *,
    message_content: bool = False,
    service: BotService | None = None,
    stop: asyncio.Event | None = None,
) -> int:
    """Load the engine, connect and answer until stopped; an exit status for the command line.

    A ``service`` passed in stays open (its owner closes it); one built here is closed here.
    Setting ``stop`` disconnects after answers in flight are delivered (or ``DRAIN_S``).
    """
    token = settings.discord_token
    if not token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    owned = service is None
    if service is None:
        try:
            service = await build_service(settings)
        except KnowledgeError as exc:
            print(f"llama4-bot: cannot load the knowledge base: {exc}", file=sys.stderr)
            return 1
    try:
        with discord_endpoints(settings.discord_api_base_url, settings.discord_gateway_url):
            async with LlamaBot(service, settings, message_content=message_content) as client:
                try:
                    await _run_until(client, token, stop, service)
                except discord.LoginFailure:
                    print(BAD_TOKEN, file=sys.stderr)
                    return 1
                except discord.PrivilegedIntentsRequired:
                    print(INTENTS_REFUSED, file=sys.stderr)
                    return 1
                except (OSError, aiohttp.ClientError) as error:
                    print(f"Could not reach Discord at {settings.discord_api_base_url}: {error}", file=sys.stderr)
                    return 1
                except discord.ConnectionClosed as closed:
                    if closed.code == 4004:
                        print(BAD_TOKEN, file=sys.stderr)
                        return 1
                    raise
    finally:
        if owned:
            await service.store.close()
    return 0


async def _run_until(client: LlamaBot, token: str, stop: asyncio.Event | None, service: BotService) -> None:
    """``client.start(token)`` until it ends (its errors propagate) or ``stop`` is set."""
    running = asyncio.create_task(client.start(token), name="discord-client")
    if stop is None:
        await running
        return
    stopping = asyncio.create_task(stop.wait(), name="discord-stop")
    try:
        await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
    if running.done():
        running.result()
        return
    log.warning("stopping: finishing answers in flight, then disconnecting")
    await service.drain(DRAIN_S)
    await client.close()
    with contextlib.suppress(asyncio.CancelledError):
        await running
