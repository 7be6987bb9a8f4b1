"""200 concurrent slash commands against a slow engine: every one acknowledged within 3 s, none lost."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from slackfake import CountingService, SlackHttp, SlowEngine, slash_form, until

from adapters.slack.app import build_app
from adapters.slack.server import EVENTS_PATH, start_http

REQUESTS = 200
ENGINE_DELAY_S = 0.5


async def test_200_concurrent_slash_commands_are_all_acknowledged_in_time(slack_api, settings):
    # The engine blocks for 0.5 s per question in a worker thread, as a slow CPU-bound engine would.
    # Answering all 200 takes about 200 * 0.5 / workers seconds; the acknowledgements must not wait for that.
    loop = asyncio.get_running_loop()
    executor = ThreadPoolExecutor(max_workers=40)
    loop.set_default_executor(executor)
    service = CountingService(SlowEngine(ENGINE_DELAY_S))
    app = build_app(service, settings)
    runner, port = await start_http(app, settings.slack_signing_secret, "127.0.0.1", 0)
    client = SlackHttp.open(f"http://127.0.0.1:{port}{EVENTS_PATH}")
    try:
        results = await asyncio.gather(
            *(
                client.command(slash_form(f"question number {i}?", slack_api.response_url(str(i))))
                for i in range(REQUESTS)
            )
        )
        assert [status for status, _ in results] == [200] * REQUESTS
        assert max(client.latencies) < 3.0, f"slowest acknowledgement took {max(client.latencies):.2f}s"
        # At the moment every request is acknowledged, most answers cannot exist yet: acks did not wait.
        assert len(slack_api.calls_to("response_url")) < REQUESTS

        await until(lambda: len(slack_api.calls_to("response_url")) >= REQUESTS, within=30)
        replies = slack_api.calls_to("response_url")
        assert sorted(int(r.path) for r in replies) == list(range(REQUESTS))  # 0 lost, 0 duplicated
        for reply in replies:
            assert f"question number {reply.path}?" in reply.params["text"]
    finally:
        await client.close()
        await runner.cleanup()
        executor.shutdown(wait=False, cancel_futures=True)
