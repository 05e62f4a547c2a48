"""The room in a real browser: headless Chromium as a 360-pixel phone, ten simulated phones beside it.

The facilitator's screen is the real facilitator mode (Pilot); the simulated phones speak
the protocol with aiohttp; Chromium joins with the code, waits, votes, changes its vote,
reloads, and sees how the room voted. axe-core audits the page at each step (no serious
or critical violation), and the page must run under its own Content-Security-Policy
without a violation or a script error.

Skipped with the reason when Chromium or axe-core is missing (``.ci/run`` installs both:
Chromium from Debian's packages, axe-core from npm into ``.cache/npm``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from headless_chromium import CHROMIUM
from phone_browser import Phone, axe_source
from test_facilitator_tui import until
from test_room_tui import open_room, room_app

from patrolday.engine import Story
from patrolday.tui.workshop.screens import QuestionScreen, VoteScreen

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)
AXE = axe_source()
SERIOUS = ("serious", "critical")


async def audit(phone: Phone, state: str, found: dict[str, list[dict[str, Any]]]) -> None:
    if AXE is None:
        return
    violations = await phone.axe(AXE)
    found[state] = violations
    serious = [v for v in violations if v["impact"] in SERIOUS]
    assert not serious, f"axe-core at {state}: {json.dumps(serious, indent=1)}"


async def test_a_phone_joins_votes_changes_its_vote_reloads_and_sees_the_result(
    story: Story, tmp_path: Path
) -> None:
    if AXE is None:
        pytest.skip("axe-core is not installed (npm install --prefix .cache/npm axe-core@4)")
    app = room_app(story, tmp_path)
    found: dict[str, list[dict[str, Any]]] = {}
    async with app.run_test(size=(100, 34)) as pilot:
        simulated = await open_room(app, pilot, phones=10)
        host = app.room_host
        assert host is not None
        async with Phone(tmp_path / "profile") as phone:
            await phone.load(host.url + "/")
            await phone.wait_for("document.getElementById('code') && !document.getElementById('join').hidden")
            assert "only how many phones joined and how many votes each option got, never who voted" in (
                await phone.text(".privacy")
            )
            await audit(phone, "join", found)
            await phone.tap("#code")
            await phone.type_text(host.room.code.lower())  # as a person types it: case does not matter
            await phone.tap("#join-button")
            await phone.wait_for(
                "document.getElementById('status').innerText.includes('waiting for the first')"
            )
            assert (await phone.text("#status")) == "Joined - waiting for the first decision."
            await audit(phone, "waiting", found)

            await pilot.press("enter", "n")  # the facilitator starts; the first decision comes up
            await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
            await phone.wait_for("document.getElementById('title').innerText === 'The corner'")
            assert "What might the boy think" in await phone.text("#questions")
            assert await phone.evaluate("document.getElementById('options').hidden")
            await audit(phone, "question", found)

            await pilot.press("r")  # options revealed: they appear on the phones
            await until(pilot, lambda: isinstance(app.screen, VoteScreen))
            await phone.wait_for("document.querySelectorAll('#option-buttons button').length === 3")
            for i, sim in enumerate(simulated):
                await sim.vote(host.room.serial, "stop" if i < 6 else "wave")
            await phone.tap("button[data-option='wave']")
            await phone.wait_for("document.getElementById('status').innerText.startsWith('Your vote is in')")
            assert "Wave and drive on" in await phone.text("#status")
            await phone.tap("button[data-option='stop']")  # a change of mind
            stop = "document.querySelector(\"button[data-option='stop']\")"
            await phone.wait_for(f"{stop}.getAttribute('aria-pressed') === 'true'")
            assert "your vote" in (await phone.text("button[data-option='stop']")).lower()
            await audit(phone, "voted", found)
            min_height = await phone.evaluate(
                "Math.min(...[...document.querySelectorAll('#option-buttons button')]"
                ".map(b => b.getBoundingClientRect().height))"
            )
            assert min_height >= 48  # large tap targets
            assert await phone.evaluate("document.documentElement.scrollWidth <= 360")  # no sideways scroll

            await phone.reload()  # the phone slept, or the page was reloaded
            await phone.wait_for(f"{stop} && {stop}.getAttribute('aria-pressed') === 'true'")
            await pilot.pause(0.2)
            tally = host.room.tally()
            assert tally.devices == 11 and tally.voted == 11  # no second vote from the reload
            assert dict(tally.phones) == {"stop": 7, "wave": 4, "radio": 0}
            assert "7 votes (7 phones, 0 hands)" in str(app.screen.query_one("#vote-bar-0").render())

            await pilot.press("enter")  # the facilitator closes the vote: the group takes option 1
            await until(pilot, lambda: app.game.view().scene == "curb")
            # The story goes straight on to the next decision: its question, and under it how the
            # room voted at the one before.
            await phone.wait_for("document.getElementById('taken').innerText.includes('Stop the car')")
            assert (await phone.text("#result-heading")) == "How the room voted at The corner"
            assert (await phone.text("#title")) == "At the curb"
            assert "Stop the car: 7 votes (7 by phone)" in await phone.text("#tally")
            await audit(phone, "result", found)
            await phone.screenshot(tmp_path / "phone-result.png")
            problems = [
                line for line in phone.log if "Content Security Policy" in line or "exception" in line
            ]
            assert not problems, problems
        for sim in simulated:
            await sim.close()
    assert set(found) == {"join", "waiting", "question", "voted", "result"}
    print({state: [(v["id"], v["impact"]) for v in violations] for state, violations in found.items()})


async def test_the_qr_codes_link_joins_at_once_and_leaves_no_code_in_the_address(
    story: Story, tmp_path: Path
) -> None:
    app = room_app(story, tmp_path)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_room(app, pilot)
        host = app.room_host
        assert host is not None
        async with Phone(tmp_path / "profile") as phone:
            await phone.load(host.join_url)
            await phone.wait_for(
                "document.getElementById('status').innerText.includes('waiting for the first')"
            )
            assert await phone.evaluate("location.hash") == ""
            assert host.room.devices == 1
            await phone.load(host.url + "/?again#code=QQQQQQ")  # a doctored link, loaded anew: still in
            await phone.wait_for("document.getElementById('status').innerText.includes('waiting')")
            assert host.room.devices == 1


async def test_a_wrong_code_is_said_on_the_page(story: Story, tmp_path: Path) -> None:
    app = room_app(story, tmp_path)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_room(app, pilot)
        host = app.room_host
        assert host is not None
        async with Phone(tmp_path / "profile") as phone:
            await phone.load(host.url + "/")
            await phone.tap("#code")
            await phone.type_text("QQQ-QQQ")
            await phone.tap("#join-button")
            await phone.wait_for("document.getElementById('join-problem').innerText.length > 0")
            assert (await phone.text("#join-problem")).startswith("That is not the room code")
            assert host.room.devices == 0


async def test_once_the_vote_closes_the_phone_no_longer_says_it_can_change(
    story: Story, tmp_path: Path
) -> None:
    """On a tie the vote is closed while the facilitator decides: the phone says so, its buttons
    are off, and "You can change your vote until the vote closes" is gone (it said that still)."""
    app = room_app(story, tmp_path)
    async with app.run_test(size=(100, 34)) as pilot:
        [other] = await open_room(app, pilot, phones=1)
        host = app.room_host
        assert host is not None
        async with Phone(tmp_path / "profile") as phone:
            await phone.load(host.url + "/")
            await phone.tap("#code")
            await phone.type_text(host.room.code)
            await phone.tap("#join-button")
            await phone.wait_for("!document.getElementById('room').hidden")
            await pilot.press("enter", "n")
            await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
            await pilot.press("r")
            await until(pilot, lambda: isinstance(app.screen, VoteScreen))
            await phone.wait_for("document.querySelectorAll('#option-buttons button').length === 3")
            assert not await phone.evaluate("document.getElementById('vote-help').hidden")
            await other.vote(host.room.serial, "wave")
            await phone.tap("button[data-option='stop']")
            await phone.wait_for("document.getElementById('status').innerText.startsWith('Your vote is in')")
            await pilot.press("enter")  # 1 to 1: a tie, the vote closes and the facilitator decides
            await until(pilot, lambda: host.room.phase == "closed")
            await phone.wait_for(
                "document.getElementById('status').innerText.startsWith('The vote is closed')"
            )
            assert await phone.evaluate("document.getElementById('vote-help').hidden")
            assert "change" not in (await phone.evaluate("document.getElementById('room').innerText")).lower()
            assert await phone.evaluate(
                "[...document.querySelectorAll('#option-buttons button')].every(b => b.disabled)"
            )
        await other.close()


async def test_the_language_switch_shows_the_page_and_the_decision_in_spanish(tmp_path: Path) -> None:
    """Issue 17: a story with a Spanish catalog; the room runs in English; this phone taps
    "Español" on the page, joins, and reads the question and the options in Spanish."""
    from patrolday.engine import load_story

    complete = Path(__file__).parent.parent / "stories" / "translation" / "complete"
    app = room_app(load_story(complete), tmp_path)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_room(app, pilot)
        host = app.room_host
        assert host is not None and host.versions is not None
        async with Phone(tmp_path / "profile") as phone:
            await phone.load(host.url + "/")
            await phone.wait_for("document.body.dataset.ready === 'yes'")
            await phone.tap("#languages a[lang='es']")
            await phone.wait_for(
                "document.documentElement.lang === 'es' && document.body.dataset.ready === 'yes'"
            )
            assert (await phone.text("#join-heading")) == "Únete al salón"
            await phone.tap("#code")
            await phone.type_text(host.room.code)
            await phone.tap("#join-button")
            await phone.wait_for("document.getElementById('status').innerText.includes('Esperando')")
            for _ in range(100):  # the Spanish story is read in the background
                if "es" in host.versions._ready:
                    break
                await pilot.pause(0.05)
            await pilot.press("enter", "n")
            await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
            await phone.wait_for("document.getElementById('title').innerText === 'El patio de enfrente'")
            await pilot.press("r")
            await until(pilot, lambda: isinstance(app.screen, VoteScreen))
            await phone.wait_for("document.querySelectorAll('#option-buttons button').length >= 1")
            assert "Saludar y seguir" in await phone.text("#option-buttons")
