"""A local Slack for the adapter's tests: Web API, response_url and Socket Mode, all on 127.0.0.1:0.

``FakeSlack`` records every call it receives. The payload factories build Events API,
slash-command and block_actions requests the way Slack builds them, and ``sign`` signs
them the way Slack does (``v0:{timestamp}:{body}``, HMAC-SHA256 with the signing secret).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, ClientTimeout, TCPConnector, WSMsgType, web

from bot.answering.engine import Engine
from bot.models import Answer, AnswerKind, Turn
from bot.service import BotService
from bot.storage.store import MemoryStore, PendingWork

BOT_TOKEN = "xoxb-0000-fake-bot-token-for-tests"
APP_TOKEN = "xapp-1-fake-app-token-for-tests"
SIGNING_SECRET = "fake-signing-secret-0123456789abcdef"
TEAM = "T0TEST"
BOT_USER = "UBOT0001"
BOT_ID = "BBOT0001"
USER = "U0ASKER1"


@dataclass
class Failure:
    method: str  # a Web API method or "response_url"
    status: int
    times: int
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class Call:
    method: str  # a Web API method, "response_url" or "socket"
    params: dict[str, Any]
    token: str | None = None
    path: str = ""


async def until(predicate: Callable[[], object], within: float = 5.0) -> None:
    """Wait (bounded) for something the app does in the background."""
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {within}s waiting for the app")
        await asyncio.sleep(0.005)


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.sockets: list[web.WebSocketResponse] = []
        self.connections_opened = 0
        self.failures: list[Failure] = []
        self.refused: list[Call] = []
        """Calls answered with an injected failure (not in ``calls``: nothing was posted)."""
        self.delays: dict[str, float] = {}
        """Seconds a method takes; a caller that disconnects meanwhile posts nothing (as if it never arrived)."""
        self.echo_token_in_errors = False
        self.valid_tokens = {BOT_TOKEN, APP_TOKEN}
        self._ts = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.post_delay_s = 0.0
        """How long chat.postMessage takes to answer (a slow Web API, for load measurements)."""

    # ----- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.add_routes(
            [
                web.route("*", "/api/{method}", self._api),
                web.post("/response/{key}", self._response_url),
                web.get("/link", self._socket),
            ]
        )
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        for ws in list(self.sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, key: str) -> str:
        return f"http://127.0.0.1:{self.port}/response/{key}"

    # ----- faults --------------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int,
        *,
        times: int = 1,
        headers: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with ``status`` (a 429 gets ``Retry-After: 0``)."""
        if status == 429 and headers is None:
            headers = {"Retry-After": "0"}
        error = {"ok": False, "error": "ratelimited" if status == 429 else "internal_error"}
        self.failures.append(Failure(method, status, times, headers or {}, body or error))

    async def _fault(self, request: web.Request, call: Call) -> web.StreamResponse | None:
        """An injected failure or delay for this call; None to process it normally."""
        for failure in self.failures:
            if failure.method == call.method and failure.times > 0:
                failure.times -= 1
                self.refused.append(call)
                body = dict(failure.body)
                if self.echo_token_in_errors:
                    body["echo"] = f"Authorization: Bearer {call.token}"
                return web.json_response(body, status=failure.status, headers=failure.headers)
        deadline = time.monotonic() + self.delays.get(call.method, 0.0)
        while time.monotonic() < deadline:
            if request.transport is None or request.transport.is_closing():
                return web.Response(status=499)  # the caller is gone: nothing is posted
            await asyncio.sleep(0.02)
        return None

    # ----- what was received -------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def posts(self) -> list[Call]:
        """Everything the app said: messages, ephemerals and response_url posts."""
        said = {"chat.postMessage", "chat.postEphemeral", "response_url"}
        return [c for c in self.calls if c.method in said]

    # ----- handlers ----------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.content_type == "application/json":
            params = dict(await request.json())
        elif request.method == "GET":
            params = dict(request.query)
        else:
            params = {k: str(v) for k, v in (await request.post()).items()}
            for key in ("blocks", "attachments"):
                if isinstance(params.get(key), str):
                    params[key] = json.loads(params[key])
        token = request.headers.get("Authorization", "").removeprefix("Bearer ") or params.get("token")
        call = Call(method, params, token)
        fault = await self._fault(request, call)
        if fault is not None:
            return fault
        if method == "chat.postMessage" and self.post_delay_s:
            await asyncio.sleep(self.post_delay_s)
        self.calls.append(call)
        if token not in self.valid_tokens:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        return web.json_response(self._reply(method, params))

    def _reply(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://test.slack.com/",
                "team": "Test",
                "user": "llama4-bot",
                "team_id": TEAM,
                "user_id": BOT_USER,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            return {"ok": True, "channel": params.get("channel"), "ts": f"1800000000.{next(self._ts):06d}"}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"1800000000.{next(self._ts):06d}"}
        if method == "users.info":
            user = self.users.get(str(params.get("user")), {"id": params.get("user"), "is_admin": False})
            return {"ok": True, "user": user}
        if method == "conversations.info":
            default = {"id": params.get("channel"), "creator": "U0OTHER"}
            channel = self.channels.get(str(params.get("channel")), default)
            return {"ok": True, "channel": channel}
        if method == "apps.connections.open":
            self.connections_opened += 1
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/link?n={self.connections_opened}"}
        return {"ok": False, "error": "unknown_method"}

    async def _response_url(self, request: web.Request) -> web.StreamResponse:
        call = Call("response_url", dict(await request.json()), path=request.match_info["key"])
        fault = await self._fault(request, call)
        if fault is not None:
            return fault
        self.calls.append(call)
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_json(
            {"type": "hello", "num_connections": len(self.sockets), "connection_info": {"app_id": "A0TEST"}}
        )
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    self.calls.append(Call("socket", json.loads(message.data)))
        finally:
            self.sockets.remove(ws)
        return ws


# ----- payloads, built the way Slack builds them --------------------------------------------


def sign(body: bytes, timestamp: str, secret: str = SIGNING_SECRET) -> str:
    digest = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return f"v0={digest}"


def message_event(
    text: str,
    *,
    channel: str = "C0GENERAL",
    ts: str = "1700000000.000100",
    user: str = USER,
    kind: str = "app_mention",
    **extra: Any,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": kind,
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": TEAM,
    }
    if kind == "message":
        event["channel_type"] = "im" if channel.startswith("D") else "channel"
    event.update(extra)
    return event


def event_callback(event: dict[str, Any], event_id: str = "Ev0001") -> dict[str, Any]:
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "api_app_id": "A0TEST",
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": TEAM,
                "user_id": BOT_USER,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }


def slash_form(text: str, response_url: str, *, user: str = USER, channel: str = "C0GENERAL") -> dict[str, str]:
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "team_domain": "test",
        "channel_id": channel,
        "channel_name": "general",
        "user_id": user,
        "user_name": "asker",
        "command": "/llama4",
        "text": text,
        "api_app_id": "A0TEST",
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": "1337.42.abcdef",
    }


def block_actions(
    action_id: str, value: str, response_url: str, *, user: str = USER, channel: str = "C0GENERAL"
) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "user": {"id": user, "username": "asker", "team_id": TEAM},
        "api_app_id": "A0TEST",
        "token": "legacy-verification-token",
        "container": {
            "type": "message",
            "message_ts": "1700000000.000200",
            "channel_id": channel,
            "is_ephemeral": True,
        },
        "trigger_id": "1337.42.abcdef",
        "team": {"id": TEAM, "domain": "test"},
        "channel": {"id": channel, "name": "general"},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "llama4_actions",
                "value": value,
                "type": "button",
                "action_ts": "1700000001.000000",
                "text": {"type": "plain_text", "text": "x"},
            }
        ],
    }


def envelope(envelope_id: str, body: dict[str, Any], retry: int = 0) -> dict[str, Any]:
    return {
        "envelope_id": envelope_id,
        "type": "events_api",
        "accepts_response_payload": False,
        "retry_attempt": retry,
        "retry_reason": "timeout" if retry else "",
        "payload": body,
    }


@dataclass
class SlackHttp:
    """Sends signed requests to the app under test, as Slack does."""

    url: str
    session: ClientSession
    secret: str = SIGNING_SECRET
    latencies: list[float] = field(default_factory=list)

    @classmethod
    def open(cls, url: str) -> SlackHttp:
        return cls(url, ClientSession(connector=TCPConnector(limit=0), timeout=ClientTimeout(total=20)))

    async def send(
        self, body: bytes, content_type: str, headers: dict[str, str] | None = None, timestamp: str | None = None
    ) -> tuple[int, str]:
        ts = timestamp if timestamp is not None else str(int(time.time()))
        all_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": sign(body, ts, self.secret),
        }
        all_headers.update(headers or {})
        all_headers = {k: v for k, v in all_headers.items() if v is not None}
        started = time.perf_counter()
        async with self.session.post(self.url, data=body, headers=all_headers) as response:
            text = await response.text()
        self.latencies.append(time.perf_counter() - started)
        return response.status, text

    async def event(self, body: dict[str, Any], retry_num: int | None = None) -> tuple[int, str]:
        headers = {}
        if retry_num:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return await self.send(json.dumps(body).encode(), "application/json", headers)

    async def command(self, form: dict[str, str]) -> tuple[int, str]:
        return await self.send(urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded")

    async def action(self, payload: dict[str, Any]) -> tuple[int, str]:
        body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
        return await self.send(body, "application/x-www-form-urlencoded")

    async def close(self) -> None:
        await self.session.close()


class CountingService(BotService):
    """The real service, also counting dedupe checks so that tests can wait for every delivery."""

    def __init__(self, engine: Engine, store: MemoryStore | None = None) -> None:
        self.memory = store or MemoryStore()
        super().__init__(engine, self.memory)
        self.checks: list[tuple[str, bool]] = []

    async def is_new_event(self, key: str) -> bool:
        new = await super().is_new_event(key)
        self.checks.append((key, new))
        return new

    async def accept(self, key: str, work: PendingWork | None = None) -> bool:
        new = await super().accept(key, work)
        self.checks.append((key, new))
        return new

    def event_checks(self) -> int:
        """Dedupe checks of message events (one key per posted message, shared by its retries)."""
        return sum(1 for key, _ in self.checks if key.startswith("slack:msg:"))

    def answers(self) -> list[Answer]:
        return [exchange.answer for exchange in self.memory.exchanges]


class SlowEngine:
    """The Engine API with an answer that takes ``delay`` seconds (a blocking sleep, in the worker thread)."""

    def __init__(self, delay: float) -> None:
        self.delay = delay

    def answer(self, question: str, previous: Turn | None = None) -> Answer:
        time.sleep(self.delay)
        return Answer(question=question, kind=AnswerKind.FACT, text=f"Slow answer to: {question}")

    def specs(self, model: str) -> Answer:
        return self.answer(f"specs {model}")

    def compare_text(self, text: str) -> Answer:
        return self.answer(f"compare {text}")

    def sources(self) -> Answer:
        return Answer(question="sources", kind=AnswerKind.INFO, text="No sources in this fake.")

    def complete_model(self, typed: str, limit: int = 25) -> list[str]:
        return []
