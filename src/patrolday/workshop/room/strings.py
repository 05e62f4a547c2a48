"""Every word the phone page shows, in one place, so a translation is one more table.

The page's HTML is drawn from these (``{{ t.key }}`` in ``assets/room.html.j2``) and the
same table is handed to the page's script as JSON, so the script holds no English of its
own. ``{name}`` marks a value the page fills in. A language is chosen per room
(:func:`strings_for`); Spanish comes with the translations issue, and a test checks every
language has every key.
"""

from __future__ import annotations

from collections.abc import Mapping

EN: Mapping[str, str] = {
    "lang": "en",
    "page_title": "Workshop room",
    "heading": "Workshop room",
    "privacy": "Your vote is anonymous: the room records only how many phones joined and how "
    "many votes each option got, never who voted.",
    "join_heading": "Join the room",
    "join_help": "Type the room code shown on the screen at the front.",
    "code_label": "Room code",
    "join_button": "Join",
    "joining": "Joining…",
    "joined_waiting": "Joined - waiting for the first decision.",
    "waiting_next": "Waiting for the next decision.",
    "question_heading": "Talk about it first",
    "options_soon": "The options will appear here when the facilitator shows them.",
    "vote_heading": "Your vote",
    "vote_help": "Tap an option. You can change your vote until the vote closes.",
    "vote_in": "Your vote is in: {label}. You can change it until the vote closes.",
    "your_vote": "your vote",
    "vote_closed": "The vote is closed.",
    "no_vote_cast": "You did not vote this time.",
    "result_heading": "How the room voted",
    "result_heading_of": "How the room voted at {title}",
    "taken": "The group took: {label}",
    "phones": "{n} by phone",
    "hands": "{n} by hand",
    "votes_total": "{n} votes",
    "votes_one": "1 vote",
    "read_along": "The scene",
    "ended": "The story has ended: {title}. Thank you for taking part.",
    "ended_plain": "The story has ended. Thank you for taking part.",
    "wrong_code": "That is not the room code. Check the screen and try again.",
    "too_many_tries": "Too many wrong codes. Wait a minute, then try again.",
    "full": "The room is full. Ask the facilitator.",
    "refused": "That did not work. Reload the page and try again.",
    "vote_not_counted": "That vote was not counted: the vote has closed or moved on.",
    "reconnecting": "Connection lost. Reconnecting…",
    "rejoin": "This phone is no longer in the room. Join again with the code.",
    "no_script": "This page needs JavaScript to show the votes. Ask the facilitator for help.",
}

LANGUAGES: Mapping[str, Mapping[str, str]] = {"en": EN}


def strings_for(language: str = "en") -> Mapping[str, str]:
    """The page's words in ``language`` (English when there is no such translation)."""
    return LANGUAGES.get(language, EN)
