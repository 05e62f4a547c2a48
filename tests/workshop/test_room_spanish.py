"""The room's phone page in Spanish (issue 17): the room's own language, and a switch on the page
when the story has more than one, so one phone may read Spanish while the room runs in
English, the decision's question and options included. Over the real protocol (an aiohttp
server on 127.0.0.1 and aiohttp clients as phones), as in tests/hardening/test_room_hostile.py."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from patrolday.engine import load_story, start
from patrolday.workshop.room.scenes import StoryVersions, decision_for
from patrolday.workshop.room.state import Decision, Room, RoomOption, Wording
from patrolday.workshop.room.strings import EN, LANGUAGES, strings_for
from patrolday.workshop.room.web import LANGUAGE_COOKIE, RoomServer

CODE = "ACDEFH"
COMPLETE = Path(__file__).parent.parent / "stories" / "translation" / "complete"
DECISION = Decision(
    "The corner",
    ("What would you do?",),
    (RoomOption("stop", 1, "Stop the car"), RoomOption("wave", 2, "Wave and drive on")),
    versions={
        "es": Wording(
            "La esquina", ("¿Qué harías?",), {"stop": "Parar la patrulla", "wave": "Saludar y seguir"}, ()
        )
    },
)


async def serve(room: Room, **kwargs: Any) -> AsyncIterator[tuple[RoomServer, str]]:
    server = RoomServer(room, host="127.0.0.1", port=0, **kwargs)
    await server.start()
    try:
        yield server, f"http://127.0.0.1:{server.port}"
    finally:
        await server.stop()


@pytest.fixture
async def bilingual() -> AsyncIterator[tuple[Room, str]]:
    room = Room(code=CODE)
    async for _, url in serve(room, language="en", languages=("en", "es")):
        yield room, url


class Phone:
    def __init__(self, url: str) -> None:
        self.url = url
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))

    async def page(self, path: str = "/") -> str:
        async with self.http.get(self.url + path) as response:
            assert response.status == 200
            return await response.text()

    async def join(self) -> None:
        html = await self.page()
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', html)
        assert csrf is not None
        headers = {"Origin": self.url, "X-CSRF-Token": csrf[1]}
        async with self.http.post(self.url + "/join", json={"code": CODE}, headers=headers) as response:
            assert response.status == 200, await response.text()

    async def view(self) -> dict[str, Any]:
        async with self.http.ws_connect(self.url + "/ws", headers={"Origin": self.url}) as ws:
            return json.loads((await ws.receive()).data)

    async def close(self) -> None:
        await self.http.close()


def table(html: str) -> dict[str, str]:
    found = re.search(r'<script type="application/json" id="strings">(.*?)</script>', html, re.S)
    assert found is not None
    return dict(json.loads(found[1]))


def test_every_language_has_every_key_and_the_same_placeholders() -> None:
    assert "es" in LANGUAGES
    for code, words in LANGUAGES.items():
        assert set(words) == set(EN), code
        for key, text in words.items():
            assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", EN[key])), (code, key)
    assert strings_for("es_US")["lang"] == "es"  # a regional code finds its language
    assert strings_for("fr") is EN


async def test_a_spanish_room_serves_the_page_in_spanish() -> None:
    room = Room(code=CODE)
    async for _, url in serve(room, language="es"):
        phone = Phone(url)
        try:
            html = await phone.page()
        finally:
            await phone.close()
        assert '<html lang="es">' in html
        assert "Únete al salón" in html and "Tu voto es anónimo" in html
        assert table(html)["joined_waiting"].startswith("Ya estás en el salón")
        assert 'id="languages"' not in html  # the story has one language: no switch
        assert "Join the room" not in html


async def test_the_room_takes_the_interfaces_language_by_default() -> None:
    from patrolday.i18n import use_language

    use_language("es")
    try:
        server = RoomServer(Room(code=CODE))
    finally:
        use_language(None)
    assert server.language == "es" and server.strings["lang"] == "es"


async def test_a_phone_switches_to_spanish_while_the_room_runs_in_english(
    bilingual: tuple[Room, str],
) -> None:
    room, url = bilingual
    spanish, english = Phone(url), Phone(url)
    try:
        first = await english.page()
        assert '<html lang="en">' in first and 'id="languages"' in first
        assert 'href="/?lang=es"' in first and "Español" in first
        html = await spanish.page("/?lang=es")
        assert '<html lang="es">' in html and "Únete al salón" in html
        assert 'href="/?lang=en"' in html and "English" in html
        assert '<html lang="es">' in await spanish.page()  # remembered by the phone's cookie
        await spanish.join()
        await english.join()
        room.offer(DECISION)
        room.reveal()
        seen = await spanish.view()
        assert seen["title"] == "La esquina" and seen["questions"] == ["¿Qué harías?"]
        assert [o["label"] for o in seen["options"]] == ["Parar la patrulla", "Saludar y seguir"]
        assert [o["id"] for o in seen["options"]] == ["stop", "wave"]  # votes are ids, in any language
        plain = await english.view()
        assert plain["title"] == "The corner" and plain["options"][0]["label"] == "Stop the car"
        room.settle("wave")
        room.end("The end", {"es": "El final"})
        assert (await spanish.view())["ending"] == "El final"
        assert (await spanish.view())["previous"]["title"] == "La esquina"
        assert (await english.view())["ending"] == "The end"
    finally:
        await spanish.close()
        await english.close()


async def test_a_language_the_room_does_not_offer_is_ignored(bilingual: tuple[Room, str]) -> None:
    _, url = bilingual
    phone = Phone(url)
    try:
        for asked in ("fr", "../../etc", "es%0d%0aSet-Cookie:%20x=1", "x" * 300):
            html = await phone.page(f"/?lang={asked}")
            assert '<html lang="en">' in html, asked
        assert all(c.key != LANGUAGE_COOKIE or c.value in ("en", "es") for c in phone.http.cookie_jar)
        phone.http.cookie_jar.update_cookies({LANGUAGE_COOKIE: "<script>"})
        assert '<html lang="en">' in await phone.page()
    finally:
        await phone.close()


def test_the_decision_carries_the_storys_other_languages() -> None:
    story = load_story(COMPLETE)
    versions = StoryVersions(story)
    assert versions.languages == ("en", "es")
    versions.prepare()  # the room does this in the background while the join screen shows
    state = start(story)
    from patrolday.engine import present

    view = present(story, state)
    decision = decision_for(view, True, versions.views(story, state))
    assert decision.title == "Front yard"
    wording = decision.versions["es"]
    assert wording.title == "El patio de enfrente"
    assert wording.questions == ("¿Qué ve la mamá del niño desde la ventana?",)
    assert wording.labels["wave"] == "Saludar y seguir"
    assert wording.text[0] == "Un niño lanza un balón bien alto y lo atrapa."  # emphasis marks gone
    assert versions.endings(story, "end-drive") == {"es": "Otra llamada"}


def test_a_story_in_spanish_offers_its_english_too() -> None:
    story = load_story(COMPLETE, "es")
    versions = StoryVersions(story)
    assert versions.languages == ("es", "en")
    versions.prepare()
    state = start(story)
    from patrolday.engine import present

    decision = decision_for(present(story, state), False, versions.views(story, state))
    assert decision.title == "El patio de enfrente"
    assert decision.versions["en"].labels["wave"] == "Wave and drive on"


def test_a_decision_without_questions_leaves_the_default_to_the_page() -> None:
    """The "What would you do here?" prompt is the page's, in the phone's language."""
    assert "default_question" in EN and strings_for("es")["default_question"].startswith("¿")


async def test_in_facilitator_mode_a_phone_in_spanish_reads_the_storys_spanish(tmp_path: Path) -> None:
    """The real facilitator mode in English (Pilot); one phone switched to Spanish on its page."""
    from test_facilitator_tui import until
    from test_room_tui import Phone as RoomPhone
    from test_room_tui import open_room, room_app

    from patrolday.tui.workshop.screens import QuestionScreen, VoteScreen

    story = load_story(COMPLETE)
    app = room_app(story, tmp_path)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_room(app, pilot)
        host = app.room_host
        assert host is not None and host.versions is not None
        spanish = RoomPhone(host.url, host.room.code)
        page = await (await spanish.http.get(host.url + "/?lang=es")).text()
        assert '<html lang="es">' in page and 'href="/?lang=en"' in page
        await spanish.join()
        english = await RoomPhone(host.url, host.room.code).join()
        await pilot.pause(0.1)
        for _ in range(100):  # the Spanish story is read in the background while the join screen shows
            if "es" in host.versions._ready:
                break
            await pilot.pause(0.05)
        await pilot.press("enter", "n")  # past the join screen, then a new game
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        asked = await spanish.until(lambda m: m.get("phase") == "question")
        assert asked["title"] == "El patio de enfrente"
        assert asked["questions"] == ["¿Qué ve la mamá del niño desde la ventana?"]
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, VoteScreen))
        shown = await spanish.until(lambda m: m.get("phase") == "open")
        assert "Saludar y seguir" in [o["label"] for o in shown["options"]]
        plain = await english.until(lambda m: m.get("phase") == "open")
        assert "Wave and drive on" in [o["label"] for o in plain["options"]]
        await spanish.close()
        await english.close()
