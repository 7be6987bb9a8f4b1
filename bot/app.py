"""Building the service an adapter runs: the engine (off the event loop, reloaded when the knowledge changes)
and the store."""

from __future__ import annotations

import asyncio

from bot.config import Settings
from bot.live import LiveEngine
from bot.service import BotService
from bot.storage import open_store


async def build_service(settings: Settings) -> BotService:
    engine = await asyncio.to_thread(LiveEngine.load, settings.knowledge_dir)
    store = await open_store(settings)
    return BotService(engine, store)
