"""The Slack adapter: Events API, the ``/llama4`` slash command and buttons, over Socket Mode or HTTP.

``render`` turns an ``Answer`` into Block Kit (pure), ``convert`` turns Slack payloads
into the core's requests (pure), ``app`` wires both to a slack-bolt ``AsyncApp``,
``server`` serves it over HTTP with signature checks, and ``cli`` runs it.
"""
