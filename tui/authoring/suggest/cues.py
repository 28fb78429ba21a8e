"""The words that attribute speech: cue verbs, who said it, and cues that deny speech."""


from __future__ import annotations

import re

# Titles before a name ("Col Sean Ryan"): not a sentence's end after them, part of a name.
TITLES = frozenset(
    {"mr", "mrs", "ms", "dr", "col", "gen", "lt", "maj", "capt", "sgt", "prof", "rev", "sen",
     "rep", "gov"}
)

SPEECH_VERBS = (
    "said", "says", "say", "told", "tells", "added", "adds", "asked", "asks", "explained",
    "explains", "claimed", "claims", "claim", "insisted", "insists", "warned", "warns",
    "stated", "states", "declared", "declares", "wrote", "writes", "noted", "notes", "replied",
    "replies", "argued", "argues", "announced", "announces", "predicted", "predicts",
    "confirmed", "confirms", "admitted", "admits", "acknowledged", "recalled", "recalls",
    "remarked", "responded", "suggested", "suggests", "tweeted", "posted", "urged", "urges",
    "promised", "vowed", "conceded", "boasted", "complained", "cautioned", "observed",
    "concluded", "estimated", "estimates", "alleged", "alleges", "denied", "denies",
    "maintained", "maintains", "reported", "accused",
)
BELIEF_VERBS = (
    "believe", "believes", "believed", "think", "thinks", "fear", "fears", "feared", "expect",
    "expects", "hope", "hopes", "hoped",
)
_VERBS = "|".join(sorted({*SPEECH_VERBS, *BELIEF_VERBS}, key=len, reverse=True))
VERB = re.compile(rf"\b({_VERBS})\b")
SPEECH = re.compile(rf"\b({'|'.join(sorted(SPEECH_VERBS, key=len, reverse=True))})\b")

# Not speech: "did not say", "declined to comment", "would not be drawn".
DENIAL = re.compile(
    r"\b(did not|didn[’']t|does not|doesn[’']t|would not|wouldn[’']t|will not|won[’']t|"
    r"could not|couldn[’']t|declined to|refused to|never)\s+(\w+\s+){0,2}?"
    r"(say|said|comment|speak|confirm|disclose|reveal|give|be drawn|elaborate|discuss|answer)\b"
    r"|\bno comment\b",
    re.IGNORECASE,
)
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "one"})
_CONTINUE_AFTER = re.compile(
    r",\s+(who|which|whose|adding|according|speaking|referring|in a|on|at|after|before|"
    r"when|while|as|told|during)\b"
)
_LEADING = re.compile(r"^(and|but|then|also|had|has|have|was|were|is|are|will|would)\s+", re.I)


def clean_speaker(phrase: str) -> str:
    """The speaker's words only: up to the end of the sentence or clause that names them."""
    phrase = phrase.strip()
    cut = _CONTINUE_AFTER.search(phrase)
    if cut:
        phrase = phrase[: cut.start()]
    match = re.match(r"^(.*?)(?:[.;:!?](?:\s|$)|$)", phrase)
    phrase = match.group(1) if match else phrase
    # "the mayor, Ana Ruiz": keep an appositive name; cut any other clause at its comma.
    head, sep, tail = phrase.partition(", ")
    tail = tail.strip().rstrip(",")
    if sep and not re.fullmatch(r"([A-Z][\w’'.-]*\s?){1,4}", tail):
        phrase = head
    elif sep:
        phrase = f"{head}, {tail}"
    phrase = _LEADING.sub("", phrase.strip())
    return phrase.strip(" ,;:—–-")


def is_pronoun(phrase: str) -> bool:
    return phrase.strip().lower() in PRONOUNS
