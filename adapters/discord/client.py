"""The discord.py client: interactions and mentions in, rendered answers out.

Everything about answering lives in ``BotService``; this module only decides
when to defer, who is on cooldown, where a reply goes, and how a failure is told
to the user (a short apology with an incident id; the traceback goes to the log).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from typing import Any

import discord
from discord import app_commands
from discord.utils import MISSING

from adapters.discord.commands import build_commands, commands_hash, model_choices
from adapters.discord.convert import (
    argument_text,
    conversation_key,
    feedback_user,
    malformed_options,
    mention_request,
)
from adapters.discord.feedback import FeedbackButton, feedback_view
from adapters.discord.outbox import LIFETIMES, embeds, interaction_work, message_work, redeliver
from adapters.discord.render import (
    parse_feedback_custom_id,
    render_answer,
    render_notice,
    render_settings,
    wants_feedback,
)
from bot.commands import Command
from bot.config import Settings
from bot.conversation import ConversationKey, Request
from bot.cooldown import cooldown_message
from bot.models import Answer
from bot.outbox import Redelivery
from bot.service import BotService
from bot.shared_state import shared_state
from bot.storage.store import PendingWork

log = logging.getLogger(__name__)

UNKNOWN_INTERACTION = 10062
FAST_COMMANDS = frozenset({"help"})
"""Commands answered at once; every other command defers before the engine runs."""
SYNCED_KIND = "discord-commands"
"""Shared state: the hash of the command set last synced, per target (global or a guild)."""
SYNCING_KIND = "discord-commands-syncing"
"""Shared state: a claim taken by the one process that syncs; others skip while it holds it."""
SYNC_CLAIM_S = 120.0
KEEP_FOREVER_S = 100 * 365 * 86400.0

DISABLED = "I'm switched off in this channel. A server manager can turn me back on with /config."
MANAGERS_ONLY = "Only members who can manage this server can change my settings."
GUILD_ONLY = "Settings are per server channel; use /config in a server."
THANKS = "Thanks for the feedback!"
THANKS_UNSAVED = "Thanks! Your vote could not be saved right now."
EXPIRED_COMPONENT = "This button has expired. Ask again to get a fresh answer."
MALFORMED_COMMAND = "That command arrived garbled, so I could not read it. Please try it again."


def apology(incident: str) -> str:
    return f"Sorry, something went wrong on my side. If it keeps happening, mention incident {incident}."


def new_incident() -> str:
    return uuid.uuid4().hex[:8]


def is_unknown_interaction(error: BaseException) -> bool:
    return isinstance(error, discord.NotFound) and error.code == UNKNOWN_INTERACTION


def interaction_key(interaction: discord.Interaction) -> ConversationKey:
    return conversation_key(interaction.guild_id, interaction.channel_id, interaction.user.id)


class CheckedTree(app_commands.CommandTree["LlamaBot"]):
    """Refuses commands whose options are malformed before discord.py parses them (a polite note, no crash)."""

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        data: dict[str, Any] = dict(interaction.data or {})
        problem = malformed_options(data.get("options"))
        if problem is None:
            return True
        log.info("refused a malformed slash command: %s", problem)
        if interaction.type is discord.InteractionType.application_command:
            try:
                await interaction.response.send_message(render_notice(MALFORMED_COMMAND).content, ephemeral=True)
            except discord.HTTPException as error:
                log.warning("could not answer a malformed command (HTTP %s)", error.status)
        return False


class LlamaBot(discord.AutoShardedClient):
    """Runs the shards ``settings`` names (default: Discord's recommended count, all of them here).

    Several processes can split the shards between them (``--shard-count 4 --shard-ids 0,1``);
    they share everything through the store, and only one of them syncs the commands.
    """

    def __init__(self, service: BotService, settings: Settings, *, message_content: bool = False) -> None:
        intents = discord.Intents.default()
        intents.message_content = message_content
        shards: dict[str, Any] = {}
        if settings.discord_shard_count is not None:
            shards["shard_count"] = settings.discord_shard_count
            if settings.discord_shard_ids is not None:
                shards["shard_ids"] = list(settings.discord_shard_ids)
        super().__init__(intents=intents, allowed_mentions=discord.AllowedMentions.none(), **shards)
        self.service = service
        self.settings = settings
        self.shared = shared_state(service.store)
        self.tree: app_commands.CommandTree[LlamaBot] = CheckedTree(self)
        self.tree.error(self.on_app_command_error)
        self.synced: bool | None = None
        self.outbox = Redelivery(
            service,
            self.redeliver,
            max_age_s=settings.outbox_max_age_s,
            interval_s=settings.outbox_interval_s,
            lifetimes=LIFETIMES,
        )
        self._outbox_task: asyncio.Task[None] | None = None

    async def setup_hook(self) -> None:
        for command in build_commands(self):
            self.tree.add_command(command)
        self.add_dynamic_items(FeedbackButton)
        self.synced = await self.sync_commands()
        self._outbox_task = asyncio.create_task(self.outbox.run_forever(), name="discord-outbox")

    async def close(self) -> None:
        if self._outbox_task is not None:
            self._outbox_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._outbox_task
            self._outbox_task = None
        await super().close()

    # -- command sync -------------------------------------------------------------------------

    async def sync_commands(self) -> bool:
        """Sync globally, or to ``DISCORD_GUILD_ID``, only when the command set changed since last time.

        The hash of what was synced is kept in the store, so every process (every shard)
        sees it; of the processes that find it changed, the first to claim the sync does
        it and the others skip.
        """
        guild_id = self.settings.discord_guild_id
        guild = discord.Object(id=guild_id) if guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        payload = [command.to_dict(self.tree) for command in self.tree.get_commands(guild=guild)]
        target = f"{'guild:' + str(guild_id) if guild_id else 'global'}:application:{self.application_id}"
        digest = commands_hash(payload, target)
        if await self.shared.recall(SYNCED_KIND, target) == digest:
            log.info("slash commands unchanged since the last sync; not syncing")
            return False
        if not await self.shared.claim(SYNCING_KIND, target, digest, SYNC_CLAIM_S):
            log.info("another process is syncing the slash commands; not syncing")
            return False
        try:
            await self.tree.sync(guild=guild)
        except discord.HTTPException:
            log.exception("syncing slash commands failed (is the bot invited with applications.commands?)")
            await self.shared.keep(SYNCING_KIND, target, "", 0.0)  # let the next start try again
            return False
        await self.shared.keep(SYNCED_KIND, target, digest, KEEP_FOREVER_S)
        log.info("slash commands synced to %s", "guild " + str(guild_id) if guild_id else "all servers")
        return True

    # -- slash commands ----------------------------------------------------------------------

    async def run_command(
        self, interaction: discord.Interaction, command: Command, values: dict[str, Any], private: bool | None
    ) -> None:
        key = interaction_key(interaction)
        channel = await self.service.channel_settings(key)
        if not channel.enabled:
            await self._notice(interaction, DISABLED)
            return
        ephemeral = channel.private_by_default if private is None else private
        if command.name not in FAST_COMMANDS:
            wait = await self.cooldown_wait(interaction.user.id)
            if wait:
                await self._notice(interaction, cooldown_message(wait))
                return
            argument = argument_text(command, values)
            work = interaction_work(
                interaction_id=interaction.id,
                application_id=interaction.application_id,
                token=interaction.token,
                command=command.name,
                argument=argument,
                conversation=key,
                ephemeral=ephemeral,
                accepted_at=time.time(),
            )
            if not await self.service.accept(work.key, work):
                return  # the same interaction twice (a gateway replay): answered once
            try:
                await interaction.response.defer(ephemeral=ephemeral, thinking=True)
                interaction.extras["public_defer"] = not ephemeral
                answer = await self.service.handle(Request(command=command.name, argument=argument, conversation=key))
                await self._answer_interaction(interaction, answer, ephemeral)
            except discord.HTTPException as error:
                if is_unknown_interaction(error):
                    log.warning("interaction %s for /%s expired or is unknown (10062); not answered",
                                interaction.id, command.name)
                    await self.service.complete(work.key)
                    await self.service.fault("answer_expired", "Discord interaction unknown or expired (10062)")
                    return
                await self.service.fault("delivery_failed", f"Discord interaction reply: HTTP {error.status}")
                if error.status >= 500 or error.status == 429:
                    self.service.release(work.key)  # the outbox pass tries again while the token lives
                    return
                await self.service.complete(work.key)
                raise
            except BaseException:
                self.service.release(work.key)
                raise
            await self.service.complete(work.key)
            return
        request = Request(command=command.name, argument=argument_text(command, values), conversation=key)
        answer = await self.service.handle(request)
        await self._answer_interaction(interaction, answer, ephemeral)

    async def redeliver(self, work: PendingWork) -> bool:
        """Answer a question accepted before a restart (see ``adapters.discord.outbox``)."""
        return await redeliver(self, self.service, work)

    async def _answer_interaction(self, interaction: discord.Interaction, answer: Answer, ephemeral: bool) -> None:
        replies = render_answer(answer)
        view = feedback_view(answer.id) if wants_feedback(answer) else None
        for index, reply in enumerate(replies):
            last_view = view if index == len(replies) - 1 else None
            if index == 0 and not interaction.response.is_done():
                await interaction.response.send_message(
                    embeds=embeds(reply), view=last_view or MISSING, ephemeral=ephemeral
                )
            elif index == 0:
                await interaction.edit_original_response(embeds=embeds(reply), view=last_view)
            else:
                await interaction.followup.send(embeds=embeds(reply), view=last_view or MISSING, ephemeral=ephemeral)
            interaction.extras["answered"] = True

    async def complete_model(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        await self.service.refresh_knowledge()
        return model_choices(self.service.complete_model(current, 25))

    async def configure(
        self,
        interaction: discord.Interaction,
        enabled: bool | None,
        private_by_default: bool | None,
        answer_plain_questions: bool | None,
    ) -> None:
        if interaction.guild_id is None:
            await self._notice(interaction, GUILD_ONLY)
            return
        if not (interaction.permissions.manage_guild or interaction.permissions.administrator):
            await self._notice(interaction, MANAGERS_ONLY)
            return
        key = interaction_key(interaction)
        current = await self.service.channel_settings(key)
        changes = {
            name: value
            for name, value in (
                ("enabled", enabled),
                ("private_by_default", private_by_default),
                ("answer_plain_questions", answer_plain_questions),
            )
            if value is not None
        }
        updated = current.model_copy(update=changes)
        saved = await self.service.update_channel_settings(key, updated) if changes else True
        reply = render_settings(updated if saved else current, changed=bool(changes), saved=saved)
        await interaction.response.send_message(embeds=embeds(reply), ephemeral=True)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """A button or menu no handler knows (from before a restart, or forged) gets an expiry notice."""
        if interaction.type not in (discord.InteractionType.component, discord.InteractionType.modal_submit):
            return
        data: dict[str, Any] = dict(interaction.data or {})
        custom_id = data.get("custom_id")
        if isinstance(custom_id, str) and parse_feedback_custom_id(custom_id) is not None:
            return  # a feedback button: FeedbackButton answers it
        log.info("an unknown or expired component was used; told the user it expired")
        try:
            await interaction.response.send_message(render_notice(EXPIRED_COMPONENT).content, ephemeral=True)
        except discord.HTTPException as error:
            log.warning("could not tell the user a component expired (HTTP %s)", error.status)

    async def on_feedback(self, interaction: discord.Interaction, answer_id: str, helpful: bool) -> None:
        try:
            stored = await self.service.feedback(answer_id, feedback_user(interaction.user.id), helpful)
            await self._notice(interaction, THANKS if stored else THANKS_UNSAVED)
        except Exception as error:
            await self._failed(interaction, error, "feedback")

    async def on_app_command_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        name = interaction.command.name if interaction.command else "?"
        await self._failed(interaction, original, f"/{name}")

    async def _failed(self, interaction: discord.Interaction, error: BaseException, what: str) -> None:
        if is_unknown_interaction(error):
            log.warning("interaction %s for %s expired or is unknown (10062); not answered", interaction.id, what)
            return
        incident = new_incident()
        log.error("incident %s: %s failed", incident, what, exc_info=error)
        text = render_notice(apology(incident)).content
        try:
            if not interaction.response.is_done():
                await interaction.response.send_message(text, ephemeral=True)
                return
            if interaction.extras.get("public_defer") and not interaction.extras.get("answered"):
                await interaction.delete_original_response()
            await interaction.followup.send(text, ephemeral=True)
        except discord.HTTPException:
            log.warning("incident %s: the apology could not be sent either", incident)

    async def cooldown_wait(self, user_id: int) -> float:
        """Count a question against the user's cooldown, shared by every process; seconds to wait, or 0."""
        limit, window = self.settings.cooldown_questions, self.settings.cooldown_seconds
        return await self.shared.rate_hit("discord", str(user_id), limit, window)

    async def _notice(self, interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(render_notice(text).content, ephemeral=True)

    # -- mentions and direct messages --------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        me = self.user
        if me is None or message.author.bot:
            return
        mentioned = any(user.id == me.id for user in message.mentions)
        direct = isinstance(message.channel, discord.DMChannel)
        if not (mentioned or direct or message.content.strip().endswith("?")):
            return
        guild_id = message.guild.id if message.guild else getattr(message.channel, "guild_id", None)
        key = conversation_key(guild_id, message.channel.id, message.author.id)
        if not direct:
            channel = await self.service.channel_settings(key)
            if not channel.enabled or not (mentioned or channel.answer_plain_questions):
                return
        work = message_work(
            message_id=message.id, channel_id=message.channel.id, content=message.content, bot_id=me.id,
            conversation=key, accepted_at=time.time(),
        )
        if not await self.service.accept(work.key, work):
            return  # seen before (a gateway replay, or answered from the outbox)
        request = mention_request(message.content, me.id, key)
        try:
            await self._answer_message(message, request)
        except Exception as error:
            if isinstance(error, discord.HTTPException):
                await self.service.fault("delivery_failed", f"Discord reply to a message: HTTP {error.status}")
                if error.status >= 500 or error.status == 429:
                    self.service.release(work.key)  # the outbox pass tries again
                    return
            await self.service.complete(work.key)
            if isinstance(error, discord.HTTPException) and error.status == 403:
                log.warning("no permission to reply in channel %s", message.channel.id)
                return
            incident = new_incident()
            log.error("incident %s: answering message %s failed", incident, message.id, exc_info=error)
            try:
                await message.reply(render_notice(apology(incident)).content, mention_author=False)
            except discord.HTTPException:
                log.warning("incident %s: the apology could not be sent either", incident)
            return
        except BaseException:
            self.service.release(work.key)
            raise
        await self.service.complete(work.key)

    async def _answer_message(self, message: discord.Message, request: Request) -> None:
        if request.command not in FAST_COMMANDS:
            wait = await self.cooldown_wait(message.author.id)
            if wait:
                await message.reply(render_notice(cooldown_message(wait)).content, mention_author=False)
                return
        answer = await self.service.handle(request)
        replies = render_answer(answer)
        view = feedback_view(answer.id) if wants_feedback(answer) else None
        for index, reply in enumerate(replies):
            last_view = view if index == len(replies) - 1 else None
            if index == 0:
                await message.reply(embeds=embeds(reply), view=last_view or MISSING, mention_author=False)
            else:
                await message.channel.send(embeds=embeds(reply), view=last_view or MISSING)
