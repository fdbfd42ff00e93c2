"""Sentence templates for the sections of an agenda item, written for the generator.

Placeholders: ``{body}`` (the meeting's body), ``{topic}`` (the case title, lower-cased where it
reads better), ``{dept}``/``{dept2}`` (departments as written), ``{amount}`` (a Danish amount),
``{month}`` (a month name), ``{year}``, ``{other}`` (another body), ``{person}`` (a name with
its post in front).

>>> fill(["{body} drøftede {topic}."], _Rng(), body="Chefforum", topic="budgettet")
'Chefforum drøftede budgettet.'
"""

from __future__ import annotations

import random

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december")
WEEKDAYS = ("Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag")

ANLEDNING = (
    "{dept} ønsker at drøfte {topic} med {body}, inden sagen går videre.",
    "Sagen er på dagsordenen, fordi der skal tages stilling til den videre proces for {topic}.",
    "{body} bad på et tidligere møde om en status på {topic}.",
    "Der er behov for en fælles drøftelse af {topic}, da sagen berører flere afdelinger.",
    "Med denne sag får {body} et overblik over {topic} og de valg, der skal træffes i år.",
)

SAGSFREMSTILLING = (
    "Arbejdet med {topic} blev sat i gang sidste år, og der har siden været holdt en række møder med de berørte afdelinger.",
    "{dept} har skrevet et notat, som beskriver de vigtigste valg og deres konsekvenser. Notatet er vedlagt.",
    "Erfaringer fra andre kommuner peger på, at en tidlig inddragelse af medarbejderne giver en mere smidig gennemførelse.",
    "Det lægges op til, at en arbejdsgruppe med folk fra {dept} og {dept2} udarbejder et konkret forslag inden udgangen af {month}.",
    "Tidsplanen er stram, fordi en afklaring skal foreligge før budgetforhandlingerne i {month}.",
    "Der er i alt afsat {amount} kr. til opgaven, og hovedparten forventes brugt i {year}.",
    "Høringssvarene har overordnet været positive, men flere peger på behovet for klarere ansvarsfordeling.",
    "Sagen hænger tæt sammen med det igangværende arbejde i {dept2}, og de to forløb koordineres løbende.",
    "Forslaget bygger på en kortlægning af den nuværende praksis, som viser store forskelle mellem enhederne.",
    "Det forventes, at ændringen kan gennemføres uden ekstra ressourcer, hvis den indarbejdes i de eksisterende planer.",
    "{person} vil uddybe sagen på mødet.",
)

OKONOMI = (
    "Forslaget koster {amount} kr. i {year}, som afholdes inden for rammen hos {dept}.",
    "Sagen har ingen direkte økonomiske konsekvenser.",
    "Udgiften på {amount} kr. foreslås finansieret af puljen til tværgående udvikling.",
)

POINTS = (
    "at {body} tager orienteringen om {topic} til efterretning",
    "at {body} drøfter {topic}",
    "at forslaget til {topic} godkendes",
    "at sagen sendes videre til politisk behandling i {other}",
    "at {dept} får til opgave at følge op på sagen",
    "at udgiften på {amount} kr. finansieres af puljen til tværgående udvikling",
    "at tidsplanen for det videre arbejde godkendes",
    "at {body} udpeger to repræsentanter til arbejdsgruppen",
)

DECISION = (
    "{body} tog orienteringen om sagen til efterretning uden yderligere bemærkninger.",
    "{body} godkendte indstillingen.",
    "{body} drøftede sagen og bad {dept} om at vende tilbage med et revideret forslag.",
    "Indstillingen blev godkendt med den bemærkning, at ansvarsfordelingen skal beskrives tydeligere.",
    "{body} bakkede op om forslaget, men ønsker en evaluering efter et år.",
    "{person} gav en kort status, som {body} tog til efterretning.",
    "Der var enighed om at fortsætte arbejdet efter den skitserede plan.",
)

DECISION_POLITICAL = (
    "Godkendt.",
    "Anbefales over for {other}.",
    "Indstillingen blev godkendt.",
    "Sagen blev udsat til næste møde.",
    "Taget til efterretning.",
    "Godkendt med den bemærkning, at udvalget ønsker en status inden årets udgang.",
)

ANSWERS = (
    "Tiltrådt.",
    "Godkendt.",
    "{dept} vender tilbage med en plan.",
    "Tiltrådt med den tilføjelse, at der følges op om et halvt år.",
    "Ikke tiltrådt; sagen genoptages senere.",
)

ATTACHMENTS = (
    "Notat om {topic}", "Tidsplan for {topic}", "Præsentation til mødet", "Økonomisk oversigt {year}",
    "Høringssvar samlet", "Kommissorium for arbejdsgruppen", "Status {month} {year}",
    "Bilag {k} - uddybende beskrivelse",
)

EVT_DECISION = ("Intet.", "Intet at tilføje.", "{person} orienterede om nyt fra {dept}.")


class _Rng(random.Random):
    """A Random with a fixed seed, for doctests."""

    def __init__(self) -> None:
        super().__init__(0)


def fill(templates: tuple[str, ...] | list[str], rng: random.Random, **values: str) -> str:
    """One template chosen with ``rng`` and filled with ``values``."""
    return rng.choice(templates).format(**values)


def date_text(date) -> str:  # noqa: ANN001 - dt.date
    """'30. april 2014' — how minutes write a date in running text."""
    return f"{date.day}. {MONTHS[date.month - 1]} {date.year}"


def amount(rng: random.Random) -> str:
    """A Danish amount such as '250.000'."""
    return f"{rng.choice((25, 40, 75, 120, 250, 400, 650, 900, 1200, 2500)) * 1000:,}".replace(",", ".")
