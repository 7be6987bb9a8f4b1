"""Figures for issue 10: how a llama4-bot checkout behaves under faults, through its command line only.

    .venv/bin/python scripts/fault_report.py [--tree PATH]

Runs real ``llama4-bot`` processes from the checkout at PATH (default: this one) against
the local Slack and Discord fakes of this checkout (tests/slack, tests/discord), so that an
older checkout can be measured with the same harness. Each scenario prints one line of
figures; nothing is asserted. Needs a POSIX system; the read-only database scenario
needs a non-root user or ``chattr``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(HERE / "tests" / "slack"), str(HERE / "tests" / "discord"), str(HERE)]

from discord_fake import TOKEN, FakeDiscord  # noqa: E402
from discord_payloads import button_press, interaction, new_id, slash  # noqa: E402
from slackfake import (  # noqa: E402
    APP_TOKEN,
    BOT_TOKEN,
    BOT_USER,
    SIGNING_SECRET,
    FakeSlack,
    SlackHttp,
    block_actions,
    event_callback,
    message_event,
    slash_form,
)

from adapters.slack.render import FEEDBACK_HELPFUL  # noqa: E402

TREE = HERE


class Bot:
    def __init__(self, child: asyncio.subprocess.Process) -> None:
        self.child = child
        self.output = bytearray()
        self.url = ""
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.child.stderr is not None
        while chunk := await self.child.stderr.read(65536):
            self.output.extend(chunk)

    def text(self) -> str:
        return self.output.decode(errors="replace")

    async def stop(self, sig: signal.Signals = signal.SIGTERM, within: float = 10.0) -> tuple[int | None, float]:
        """Exit status (None if still running after ``within`` s, then killed) and seconds taken."""
        started = time.monotonic()
        if self.child.returncode is None:
            self.child.send_signal(sig)
        try:
            status: int | None = await asyncio.wait_for(self.child.wait(), within)
        except TimeoutError:
            status = None
            self.child.kill()
            await self.child.wait()
        await self._reader
        return status, time.monotonic() - started


async def wait_for(predicate: Callable[[], object], within: float) -> bool:
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True


def environment(folder: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(TREE),
        "LLAMA4_DATABASE": str(folder / "bot.sqlite3"),
        **extra,
    }


async def launch(folder: Path, env: dict[str, str], *argv: str) -> Bot:
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *argv, cwd=folder, env=env,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )
    return Bot(child)


def slack_env(api: FakeSlack, folder: Path, **extra: str) -> dict[str, str]:
    values = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": api.api_url}
    return environment(folder, **{**values, **extra})


def run_command(argv: list[str], folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "bot", *argv], cwd=folder, capture_output=True, env=env, timeout=60)


async def slack_http(api: FakeSlack, folder: Path, *flags: str, **extra: str) -> Bot:
    bot = await launch(folder, slack_env(api, folder, **extra), *flags, "slack", "--http", "--host", "127.0.0.1",
                       "--port", "0")  # fmt: skip
    pattern = rb"listening on (http://\S+)"
    await wait_for(lambda: re.search(pattern, bot.output) or bot.child.returncode is not None, 60)
    found = re.search(pattern, bot.output)
    if found:
        bot.url = found.group(1).decode()
    return bot


def mention(n: int, event_id: str | None = None) -> dict[str, Any]:
    event = message_event(f"<@{BOT_USER}> what is iRoPE? ({n})", ts=f"1700000300.{n:06d}")
    return event_callback(event, event_id or f"Ev0R{n}")


def tracebacks(text: str) -> int:
    return text.count("Traceback (most recent call last)")


# ----- the scenarios ---------------------------------------------------------------------------


async def kill_and_restart(folder: Path, questions: int = 100) -> str:
    """6: SIGKILL with every acknowledged answer in flight, restart on the same database."""
    api = FakeSlack()
    await api.start()
    api.delays["chat.postMessage"] = 30.0
    bot = await slack_http(api, folder)
    client = SlackHttp.open(bot.url)
    statuses = await asyncio.gather(*(client.event(mention(n)) for n in range(questions)))
    acknowledged = sum(1 for status, _ in statuses if status == 200)
    await asyncio.sleep(0.5)
    await bot.stop(signal.SIGKILL)
    api.delays.clear()
    again = await slack_http(api, folder)
    await wait_for(lambda: len(api.posts()) >= acknowledged, 20)
    await asyncio.sleep(2)  # duplicates, if any, arrive too
    await again.stop()
    await client.close()
    await api.stop()
    threads = [c.params.get("thread_ts") for c in api.calls_to("chat.postMessage")]
    answered = len(set(threads))
    return (f"kill: {acknowledged}/{questions} acknowledged; after the restart {answered} answered, "
            f"{acknowledged - answered} lost, {len(threads) - answered} duplicate replies")  # fmt: skip


async def api_errors(folder: Path) -> str:
    """2: one 429 or 5xx from chat.postMessage or a response_url."""
    api = FakeSlack()
    await api.start()
    bot = await slack_http(api, folder)
    client = SlackHttp.open(bot.url)
    results = []
    for n, (method, status) in enumerate([("chat.postMessage", 429), ("chat.postMessage", 500),
                                          ("chat.postMessage", 503), ("response_url", 500)]):  # fmt: skip
        before = len(api.posts())
        api.fail_next(method, status)
        if method == "response_url":
            await client.command(slash_form(f"what is iRoPE? {n}", api.response_url(f"r{n}")))
        else:
            await client.event(mention(n))
        answered = await wait_for(lambda before=before: len(api.posts()) > before, 10)
        results.append(f"{status} on {method}: {'answered' if answered else 'LOST'}")
    await bot.stop()
    await client.close()
    await api.stop()
    return "api errors: " + "; ".join(results)


async def replays(folder: Path) -> str:
    """3: the same signed command and button press sent again within five minutes."""
    api = FakeSlack()
    await api.start()
    bot = await slack_http(api, folder)
    client = SlackHttp.open(bot.url)
    stamp = str(int(time.time()))
    form = urllib.parse.urlencode(slash_form("what is iRoPE?", api.response_url("cmd"))).encode()
    for _ in range(3):
        await client.send(form, "application/x-www-form-urlencoded", timestamp=stamp)
    payload = block_actions(FEEDBACK_HELPFUL, "a" * 32, api.response_url("vote"))
    press = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
    for _ in range(3):
        await client.send(press, "application/x-www-form-urlencoded", timestamp=stamp)
    await asyncio.sleep(3)
    await bot.stop()
    await client.close()
    await api.stop()
    commands = sum(1 for c in api.calls_to("response_url") if c.path == "cmd")
    votes = sum(1 for c in api.calls_to("response_url") if c.path == "vote")
    return f"replays: a command sent 3 times answered {commands} time(s); a button press sent 3 times handled {votes}"


async def hostile(folder: Path) -> str:
    """1: signed malformed bodies, and unsigned requests with huge headers."""
    api = FakeSlack()
    await api.start()
    bot = await slack_http(api, folder)
    client = SlackHttp.open(bot.url)
    bad = mention(1)
    bodies: list[tuple[bytes, str]] = [(b"not json", "application/json"), (b"[1]", "application/json")]
    for change in ({"event": None}, {"text": None}, {"text": 42}):
        body = json.loads(json.dumps(bad))
        if "event" in change:
            del body["event"]
        else:
            body["event"].update(change)
        bodies.append((json.dumps(body).encode(), "application/json"))
    bodies.append((b"payload=%7Bnot-json", "application/x-www-form-urlencoded"))
    statuses = [(await client.send(body, kind))[0] for body, kind in bodies]
    url = urllib.parse.urlparse(bot.url)
    header_statuses = []
    for size in (20_000, 200_000):
        reader, writer = await asyncio.open_connection(url.hostname, url.port)
        writer.write(f"POST {url.path} HTTP/1.1\r\nHost: x\r\nX-Junk: {'a' * size}\r\n\r\n".encode())
        line = await asyncio.wait_for(reader.readline(), 10)
        header_statuses.append(int(line.split()[1]) if line else 0)
        writer.close()
    await asyncio.sleep(0.5)
    await bot.stop()
    await client.close()
    await api.stop()
    return (f"hostile: signed malformed bodies -> HTTP {statuses}; huge unsigned headers -> {header_statuses}; "
            f"{tracebacks(bot.text())} traceback(s) in the log")  # fmt: skip


async def secrets(folder: Path) -> str:
    """8: an API that echoes the token in its errors, at debug level; Discord interaction tokens at debug."""
    api = FakeSlack()
    await api.start()
    api.echo_token_in_errors = True
    api.fail_next("chat.postMessage", 500, times=10)
    bot = await slack_http(api, folder, "--verbose")
    client = SlackHttp.open(bot.url)
    await client.event(mention(1))
    await asyncio.sleep(6)
    await bot.stop()
    await client.close()
    await api.stop()
    slack_log = bot.text()
    discord_log = await _discord_debug_log(folder)
    token = re.compile(r"token-\d+")
    return (f"secrets: Slack bot token {slack_log.count(BOT_TOKEN)} time(s) in a debug log with echoing errors; "
            f"Discord interaction tokens {len(token.findall(discord_log))} time(s) in a debug log")  # fmt: skip


async def _discord_debug_log(folder: Path) -> str:
    fake = FakeDiscord(heartbeat_ms=1000)
    await fake.start()
    env = environment(folder / "discord", DISCORD_TOKEN=TOKEN, DISCORD_API_BASE_URL=fake.api_url,
                      DISCORD_GATEWAY_URL=fake.gateway_url)  # fmt: skip
    (folder / "discord").mkdir(exist_ok=True)
    bot = await launch(folder / "discord", env, "--verbose", "discord")
    await fake.connected(within=60)
    payload = slash("ask", question="What is iRoPE?")
    await fake.dispatch("INTERACTION_CREATE", payload)
    await asyncio.sleep(2)
    await bot.stop()
    await fake.stop()
    return bot.text()


async def shutdown_and_start_up(folder: Path) -> str:
    """9: SIGTERM in every mode, and a token Slack rejects."""
    api = FakeSlack()
    await api.start()
    figures = []
    bot = await slack_http(api, folder)
    status, took = await bot.stop()
    figures.append(f"slack --http SIGTERM: exit {status} in {took:.1f}s")
    socket = await launch(folder, slack_env(api, folder, SLACK_APP_TOKEN=APP_TOKEN), "slack")
    await wait_for(lambda: api.sockets or socket.child.returncode is not None, 60)
    status, took = await socket.stop()
    figures.append(f"slack Socket Mode SIGTERM: exit {status} in {took:.1f}s")
    revoked = await slack_http(api, folder, SLACK_BOT_TOKEN="xoxb-revoked")
    health = None
    if revoked.url:
        health_url = revoked.url.replace("/slack/events", "/healthz")
        client = SlackHttp.open(revoked.url)
        async with client.session.get(health_url) as response:
            health = response.status
        await client.close()
    status, _ = await revoked.stop(within=5) if revoked.child.returncode is None else (revoked.child.returncode, 0)
    figures.append(f"slack --http with a rejected token: {'served, /healthz ' + str(health) if health else 'exit '}"
                   f"{'' if health else status}")  # fmt: skip
    bad_app = await launch(folder, slack_env(api, folder, SLACK_APP_TOKEN="xapp-revoked"), "slack")
    exited = await wait_for(lambda: bad_app.child.returncode is not None, 10)
    status, took = await bad_app.stop()
    outcome = f"exit {status}" if exited else f"still running after 10s, SIGTERM -> exit {status} in {took:.1f}s"
    figures.append(f"Socket Mode with a rejected app token: {outcome}")
    await api.stop()
    fake = FakeDiscord(heartbeat_ms=1000)
    await fake.start()
    (folder / "d9").mkdir(exist_ok=True)
    env = environment(folder / "d9", DISCORD_TOKEN=TOKEN, DISCORD_API_BASE_URL=fake.api_url,
                      DISCORD_GATEWAY_URL=fake.gateway_url)
    discord = await launch(folder / "d9", env, "discord")
    await fake.connected(within=60)
    status, took = await discord.stop()
    wal = (folder / "d9" / "bot.sqlite3-wal").exists()
    store = "left open (WAL remains)" if wal else "closed"
    figures.append(f"discord SIGTERM: exit {status} in {took:.1f}s, store {store}")
    await fake.stop()
    return "shutdown/start-up: " + "; ".join(figures)


async def storage(folder: Path) -> str:
    """7: a read-only database at start; a database deleted while the bot runs."""
    figures = []
    api = FakeSlack()
    await api.start()
    ro = folder / "ro"
    ro.mkdir()
    salt = {"LLAMA4_USER_HASH_SALT": "fault-report-salt"}
    first = await slack_http(api, ro, **salt)
    await first.stop()
    database = ro / "bot.sqlite3"
    if await asyncio.to_thread(_make_read_only, database):
        bot = await slack_http(api, ro, **salt)
        client = SlackHttp.open(bot.url)
        body = mention(1, "Ev0READONLY")
        for retry in range(10):
            await client.event(body, retry_num=retry or None)
        await asyncio.sleep(2)
        await bot.stop()
        await client.close()
        await asyncio.to_thread(_make_writable, database)
        posts = len(api.posts())
        logged = len(re.findall(r"storage failed|could not open the database", bot.text()))
        stats = await asyncio.to_thread(run_command, ["stats", "--json"], ro, environment(ro, **salt))
        try:
            failures = json.loads(stats.stdout)["storage_failures"]
        except ValueError:
            failures = f"(stats failed: {stats.stderr.decode(errors='replace').strip()[-200:]})"
        figures.append(f"read-only at start: one event delivered 10 times answered {posts} time(s); "
                       f"{logged} storage log line(s); stats shows {failures} storage failure(s)")  # fmt: skip
    else:
        figures.append("read-only at start: skipped (cannot make a file read-only here)")
    api.calls.clear()
    gone = folder / "gone"
    gone.mkdir()
    bot = await slack_http(api, gone)
    client = SlackHttp.open(bot.url)
    for n in range(10):
        await client.event(mention(n, f"Ev0BEFORE{n}"))
    await wait_for(lambda: len(api.posts()) >= 10, 15)
    for suffix in ("", "-wal", "-shm"):
        (gone / ("bot.sqlite3" + suffix)).unlink(missing_ok=True)
    for n in range(10, 30):
        await client.event(mention(n, f"Ev0AFTER{n}"))
    await wait_for(lambda: len(api.posts()) >= 30, 15)
    await bot.stop()
    await client.close()
    await api.stop()
    kept = 0
    if (gone / "bot.sqlite3").exists():
        with contextlib.closing(sqlite3.connect(gone / "bot.sqlite3")) as db, contextlib.suppress(sqlite3.Error):
            kept = int(db.execute("SELECT count(*) FROM exchanges").fetchone()[0])
    said = "said so" if re.search(r"deleted", bot.text()) else "no warning"
    figures.append(f"deleted while running: {kept} of 30 questions kept on disk, {said}")
    return "storage: " + "; ".join(figures)


def _make_read_only(path: Path) -> bool:
    if os.geteuid() != 0:
        path.chmod(0o444)
        return True
    chattr = shutil.which("chattr")
    return bool(chattr) and subprocess.run([str(chattr), "+i", str(path)], capture_output=True).returncode == 0


def _make_writable(path: Path) -> None:
    if os.geteuid() != 0:
        path.chmod(0o644)
    else:
        subprocess.run([str(shutil.which("chattr")), "-i", str(path)], check=False)


async def discord_components(folder: Path) -> str:
    """4: a stale or forged button, and an option without a value."""
    fake = FakeDiscord(heartbeat_ms=1000)
    await fake.start()
    (folder / "d4").mkdir()
    env = environment(folder / "d4", DISCORD_TOKEN=TOKEN, DISCORD_API_BASE_URL=fake.api_url,
                      DISCORD_GATEWAY_URL=fake.gateway_url)  # fmt: skip
    bot = await launch(folder / "d4", env, "discord")
    await fake.connected(within=60)
    message = fake.message_payload(300000000000000003, {"content": "old"}, webhook=True)
    stale = button_press(message, "llama4:from-before-a-restart")
    no_value = [{"name": "question", "type": 3}]
    broken = interaction(2, {"id": str(new_id()), "name": "ask", "type": 1, "options": no_value})
    answered = []
    for payload in (stale, broken):
        await fake.dispatch("INTERACTION_CREATE", payload)
        path = f"/interactions/{payload['id']}/token-{payload['id']}/callback"
        answered.append(await wait_for(lambda path=path: fake.matching("POST", path), 5))
    await bot.stop()
    await fake.stop()
    lost = bot.text().count("never retrieved")
    return (f"discord: stale button {'answered' if answered[0] else 'NO CALLBACK'}; option without a value "
            f"{'answered' if answered[1] else 'NO CALLBACK'}; {lost} 'never retrieved' error(s)")  # fmt: skip


async def knowledge(folder: Path) -> str:
    """5: a malformed knowledge file, in each mode."""
    broken = folder / "knowledge"
    shutil.copytree(HERE / "knowledge", broken, ignore=shutil.ignore_patterns(".index"))
    article = next((broken / "articles").glob("*.txt"))
    article.write_text(article.read_text(encoding="utf-8").replace("\n---\n", "\n"), encoding="utf-8")
    modes = {
        "ask": (["ask", "x"], {}),
        "slack": (
            ["slack", "--http"],
            {"SLACK_BOT_TOKEN": "xoxb-x", "SLACK_SIGNING_SECRET": "secret-x", "SLACK_API_URL": "http://127.0.0.1:9/api/"},
        ),
        "discord": (["discord"], {"DISCORD_TOKEN": "MTAw.x.y", "DISCORD_API_BASE_URL": "http://127.0.0.1:9/api/v10"}),
    }
    figures = []
    for mode, (argv, extra) in modes.items():
        env = environment(folder, LLAMA4_KNOWLEDGE_DIR=str(broken), **extra)
        done = await asyncio.to_thread(run_command, argv, folder, env)
        figures.append(f"{mode} exit {done.returncode}, {len(done.stderr.decode().strip().splitlines())} line(s)")
    return "malformed knowledge: " + "; ".join(figures)


SCENARIOS = {
    "1": hostile, "2": api_errors, "3": replays, "4": discord_components, "5": knowledge,
    "6": kill_and_restart, "7": storage, "8": secrets, "9": shutdown_and_start_up,
}  # fmt: skip


async def main() -> None:
    global TREE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tree", type=Path, default=HERE, help="the checkout to measure (default: this one)")
    parser.add_argument("items", nargs="*", default=list(SCENARIOS), help="issue items to measure (default: all)")
    args = parser.parse_args()
    TREE = args.tree.resolve()
    print(f"llama4-bot at {TREE}")
    for item in args.items:
        with tempfile.TemporaryDirectory() as folder:
            try:
                line = await SCENARIOS[item](Path(folder))
            except Exception as exc:  # a figure that could not be taken is reported, not hidden
                line = f"could not measure: {type(exc).__name__}: {exc}"
            print(f"{item}. {line}", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
