# llama4-bot in a container: the wheel on a slim Python, run as an unprivileged user.
# Build: docker build -t llama4-bot .   Run: see compose.yaml and the README's "Deploy" section.

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY adapters ./adapters
COPY knowledge ./knowledge
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /dist .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    LLAMA4_DATABASE=/data/llama4-bot.sqlite3 \
    PORT=3000
COPY --from=build /dist /dist
# The dependencies are pinned exactly in the wheel's metadata (pyproject.toml).
RUN pip install --no-cache-dir /dist/*.whl && rm -rf /dist \
    && useradd --create-home --uid 10001 bot \
    && mkdir /data && chown bot /data
# Build the retrieval index now, into the installed package, so that a start only loads it
# (the folder stays read-only for the bot user; a stale cache would be rebuilt in memory).
RUN llama4-bot ask "what is Scout's context window?" > /dev/null
USER 10001
WORKDIR /home/bot
VOLUME ["/data"]
EXPOSE 3000
ENTRYPOINT ["llama4-bot"]
CMD ["slack", "--http", "--host", "0.0.0.0"]
