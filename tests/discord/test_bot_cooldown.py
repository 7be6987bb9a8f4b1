"""The platform-neutral sliding-window cooldown."""

from __future__ import annotations

from bot.cooldown import Cooldown


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_admits_the_limit_then_says_how_long_to_wait() -> None:
    clock = Clock()
    cooldown = Cooldown(3, 30, clock=clock)
    assert [cooldown.hit("ann") for _ in range(3)] == [0.0, 0.0, 0.0]
    clock.now += 10
    assert cooldown.hit("ann") == 20.0
    assert cooldown.hit("bob") == 0.0  # per user


def test_the_window_slides_and_refused_hits_do_not_count() -> None:
    clock = Clock()
    cooldown = Cooldown(2, 30, clock=clock)
    cooldown.hit("ann")
    clock.now += 20
    cooldown.hit("ann")
    for _ in range(5):
        assert cooldown.hit("ann") > 0
    clock.now += 10  # the first hit left the window; the refusals were never counted
    assert cooldown.hit("ann") == 0.0
    assert cooldown.hit("ann") > 0


def test_zero_disables_it() -> None:
    cooldown = Cooldown(0, 30)
    assert not cooldown.enabled
    assert all(cooldown.hit("ann") == 0.0 for _ in range(100))


def test_memory_stays_bounded() -> None:
    clock = Clock()
    cooldown = Cooldown(1, 30, clock=clock, max_users=10)
    for user in range(100):
        clock.now += 1
        cooldown.hit(user)
    assert len(cooldown._hits) <= 10
    assert cooldown.hit(99) > 0  # the most recent users are kept
