"""Every word the phone page shows, in one place, so a translation is one more table.

The page's HTML is drawn from these (``{{ t.key }}`` in ``assets/room.html.j2``) and the
same table is handed to the page's script as JSON, so the script holds no English of its
own. ``{name}`` marks a value the page fills in. A language is chosen per room (the
interface's, ``--lang``) and per phone (the page's language switch), with
:func:`strings_for`; ``tests/workshop/test_room_spanish.py`` checks every language has
every key with the same placeholders.

Tables rather than the interface's gettext catalog: one process serves phones in several
languages at once, and gettext here has one language per process (:mod:`patrolday.i18n`).
A participant reads these on their own phone, so Spanish says *tú*.
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
    "default_question": "What would you do here, and why?",
    "languages_label": "Language",
}

ES: Mapping[str, str] = {
    "lang": "es",
    "page_title": "Salón del taller",
    "heading": "Salón del taller",
    "privacy": "Tu voto es anónimo: el salón solo guarda cuántos teléfonos se unieron y cuántos "
    "votos recibió cada opción, nunca quién votó.",
    "join_heading": "Únete al salón",
    "join_help": "Escribe el código del salón que aparece en la pantalla de enfrente.",
    "code_label": "Código del salón",
    "join_button": "Unirme",
    "joining": "Uniéndote…",
    "joined_waiting": "Ya estás en el salón. Esperando la primera decisión.",
    "waiting_next": "Esperando la siguiente decisión.",
    "question_heading": "Primero, hablen de esto",
    "options_soon": "Las opciones van a aparecer aquí cuando el facilitador las muestre.",
    "vote_heading": "Tu voto",
    "vote_help": "Toca una opción. Puedes cambiar tu voto hasta que se cierre la votación.",
    "vote_in": "Ya votaste: {label}. Puedes cambiarlo hasta que se cierre la votación.",
    "your_vote": "tu voto",
    "vote_closed": "La votación está cerrada.",
    "no_vote_cast": "Esta vez no votaste.",
    "result_heading": "Cómo votó el salón",
    "result_heading_of": "Cómo votó el salón en {title}",
    "taken": "El grupo escogió: {label}",
    "phones": "{n} por teléfono",
    "hands": "{n} a mano alzada",
    "votes_total": "{n} votos",
    "votes_one": "1 voto",
    "read_along": "La escena",
    "ended": "La historia terminó: {title}. Gracias por participar.",
    "ended_plain": "La historia terminó. Gracias por participar.",
    "wrong_code": "Ese no es el código del salón. Revisa la pantalla y vuelve a intentarlo.",
    "too_many_tries": "Demasiados códigos equivocados. Espera un minuto y vuelve a intentarlo.",
    "full": "El salón está lleno. Pregúntale al facilitador.",
    "refused": "Eso no funcionó. Vuelve a cargar la página e inténtalo otra vez.",
    "vote_not_counted": "Ese voto no se contó: la votación ya se cerró o ya pasó.",
    "reconnecting": "Se perdió la conexión. Volviendo a conectar…",
    "rejoin": "Este teléfono ya no está en el salón. Vuelve a unirte con el código.",
    "no_script": "Esta página necesita JavaScript para mostrar los votos. Pídele ayuda al facilitador.",
    "default_question": "¿Qué harías aquí, y por qué?",
    "languages_label": "Idioma",
}

LANGUAGES: Mapping[str, Mapping[str, str]] = {"en": EN, "es": ES}


def strings_for(language: str = "en") -> Mapping[str, str]:
    """The page's words in ``language`` (``es_US`` finds ``es``; English when there is no such
    translation)."""
    return LANGUAGES.get(language) or LANGUAGES.get(language.replace("-", "_").split("_")[0], EN)
