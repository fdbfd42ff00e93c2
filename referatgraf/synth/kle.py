"""A small KLE-like subject list (written for the generator) and the case topics filed under it.

Each :class:`Subject` has a KLE notation (``00.30.00``), a short name, the action facets its
cases use and topic title templates. Templates may use ``{year}`` (the meeting year),
``{next}`` (the year after), ``{prev}`` (the year before) and ``{dept}`` (a department name).

>>> SUBJECTS[0].notation
'00.01.00'
>>> all(len(s.topics) >= 2 for s in SUBJECTS)
True
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Subject:
    notation: str
    name: str
    facets: tuple[str, ...]
    topics: tuple[str, ...]
    political: bool = True  # topics fit a council committee as well as a management forum


STANDING = "00.01.00"
"""The subject of the standing items (agenda and minutes approval, any other business)."""

SUBJECTS: tuple[Subject, ...] = (
    Subject("00.01.00", "Kommunens styrelse i almindelighed", ("A00", "A21"), (
        "Netværksdrøftelser", "Bordet rundt - nyt fra afdelingerne", "Årshjul for {year}",
        "Opfølgning på temadag om samarbejde", "Evaluering af mødeformen"), political=False),
    Subject("00.15.00", "Administrativ organisering", ("A00", "G01", "S00"), (
        "Administrationsanalyse {year}", "Ny organisering af {dept}", "Forenkling af arbejdsgange",
        "Fælles sekretariatsbetjening")),
    Subject("00.30.00", "Budget i almindelighed", ("S00", "A00"), (
        "Budget {next} - spareforslag, første runde", "Budget {next} - spareforslag, anden runde",
        "Budgetproces for {next}", "Regler for overførsel af mindreforbrug til {year}")),
    Subject("00.30.10", "Regnskab", ("S00",), (
        "Regnskab {prev}", "Regnskabsbemærkninger for {dept}")),
    Subject("00.30.14", "Budgetopfølgning", ("S00", "A00"), (
        "Budgetopfølgning pr. 31. marts {year}", "Budgetopfølgning pr. 30. juni {year}",
        "Forventet regnskab {year}")),
    Subject("02.00.00", "Byggeri i almindelighed", ("A00", "G01"), (
        "Renovering af rådhusets facade", "Ny daginstitution i bydelen Nord",
        "Energirenovering af kommunale bygninger")),
    Subject("05.00.00", "Veje og trafik", ("A00", "P20"), (
        "Trafiksikkerhedsplan {year}-{next}", "Cykelstier langs Ringvejen", "Parkeringsstrategi")),
    Subject("09.00.00", "Miljøbeskyttelse", ("A00", "P15"), (
        "Klimaplan {year}", "Støjhandlingsplan", "Plan for klimatilpasning")),
    Subject("13.00.00", "Forsyning", ("A00", "G01"), (
        "Fjernvarmeplan", "Udbud af affaldsindsamling", "Ny takststruktur for vand")),
    Subject("17.00.00", "Fritid og idræt", ("A00", "P22"), (
        "Fritidspolitik {year}", "Halfordeling for sæsonen {year}/{next}", "Foreningstilskud")),
    Subject("20.00.00", "Kultur", ("A00", "P22"), (
        "Biblioteksstrategi", "Kulturnat {year}", "Kunst i det offentlige rum")),
    Subject("27.00.00", "Social service", ("A00", "P22", "G01"), (
        "Handleplan for handicappolitikken", "Strategi for udsatte voksne", "Tilsyn med botilbud")),
    Subject("28.00.00", "Dagtilbud", ("A00", "P20"), (
        "Dagtilbudsstrategi {year}", "Pladsprognose for dagtilbud", "Sprogvurderinger i dagtilbud")),
    Subject("29.00.00", "Sundhed", ("A00", "P22"), (
        "Sundhedspolitik {year}-{next}", "Forebyggelsespakker", "Rygestop-indsatsen")),
    Subject("81.00.00", "Personale i almindelighed", ("A00", "P05", "P35"), (
        "Sygefraværsstatistik for {prev}", "Lederudvikling og efteruddannelse", "Onboarding af nye ledere",
        "Temadag i Lederforum", "Trivselsmåling {year}"), political=False),
    Subject("82.00.00", "Anskaffelse og indkøb", ("A00", "G01"), (
        "Indkøbsanalyse", "Ny indkøbspolitik", "Udbudsplan {year}")),
    Subject("85.00.00", "Databehandling", ("A00", "P20", "P22"), (
        "Status fra IT", "Overgang til ny ESDH-løsning", "Procedure ved brud på datasikkerheden",
        "Fælleskommunale it-udbud"), political=False),
)

BY_NOTATION: dict[str, Subject] = {s.notation: s for s in SUBJECTS}
