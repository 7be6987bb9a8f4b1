"""Opening the configured store."""

from __future__ import annotations

from bot.config import Settings
from bot.store import MemoryStore, Store


async def open_store(settings: Settings) -> Store:
    return MemoryStore(turn_ttl_s=settings.conversation_idle_s)
