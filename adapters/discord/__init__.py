"""The Discord adapter: slash commands, mentions and feedback buttons over the shared core.

``convert`` turns Discord input into the core's requests, ``render`` turns the
core's answers into message payloads, ``commands`` builds the slash commands from
``bot.commands.COMMANDS``, ``client`` wires them to discord.py, and ``cli`` runs it.
"""
