"""Field names of meeting-system exports, in Danish and English, mapped to one canonical name.

Meeting systems export the same few facts under many spellings ("Udvalg", "Committee",
"committee_name", "Mødedato", "MoedeDato", "meetingDate"…). Keys are compared after
:func:`norm_key` (lower case, Danish letters spelt out, only letters and digits kept).

>>> meeting_field("Mødedato"), meeting_field("meeting_date"), meeting_field("MoedeDato")
('date', 'date', 'date')
>>> item_field("Sags nr."), item_field("CaseNumber"), item_field("Punktnavn")
('case', 'case', 'title')
>>> item_field("Sagsfremstilling")
'section'
"""

from __future__ import annotations

import re
from functools import lru_cache

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e"})


@lru_cache(maxsize=4096)
def norm_key(key: str) -> str:
    """'Mødedato' → 'moededato', 'Sags nr.:' → 'sagsnr', 'meeting_date' → 'meetingdate'."""
    return re.sub(r"[^a-z0-9]", "", key.lower().translate(_DANISH))


def _table(spec: dict[str, str]) -> dict[str, str]:
    return {norm_key(k): field for field, keys in spec.items() for k in keys.split("|")}


MEETING_KEYS = _table({
    "body": "udvalg|udvalgsnavn|udvalgnavn|committee|committeename|body|bodyname|organ|forum|"
            "bestuursorgaan|mødeforum|råd|meetinggroup|gremium",
    "date": "mødedato|dato|meetingdate|date|start|starttime|startdate|mødestart|mødetidspunkt|"
            "tidspunkt|datetime|meetingstart|meetingdatetime|starttidspunkt|startdato",
    "time": "tid|klokkeslæt|mødetid|starttid|time|starttidspunktet|kl|klokken",
    "location": "mødested|sted|lokale|mødelokale|location|place|room|venue|lokation",
    "participants": "deltagere|deltager|participants|attendees|members|medlemmer|tilstede|"
                    "present|mødedeltagere|fremmødte",
    "absent": "fraværende|fravær|afbud|absent|absentees|absence|notpresent",
    "kind": "type|dokumenttype|documenttype|kind|mødetype|publiceringstype",
    "municipality": "kommune|municipality|myndighed",
})

ITEM_KEYS = _table({
    "number": "nummer|punktnummer|punktnr|punkt|number|no|nr|itemnumber|itemno|agendaitemnumber|"
              "punktnumber|dagsordenpunkt|dagsordenspunkt|dagsordenspunktnummer|sortering",
    "title": "titel|title|name|navn|punktnavn|punkttitel|overskrift|heading|itemname|caption|"
             "agendaitemtitle|emne|subject",
    "case": "sagsnummer|sagsnr|sagnr|casenumber|caseno|case|casereference|journalnummer|journalnr|"
            "jnr|esdhsagsnummer|sag|dokumentnummer|doknr|documentnumber",
    "text": "tekst|brødtekst|text|body|bodytext|content|indhold|beskrivelse|description|punkttekst|html",
    "decision": "beslutning|beslutninger|decision|decisions|resolution|resolutiontext|beslutningstekst|afgørelse",
    "attachments": "bilag|attachments|attachment|documents|files|vedhæftninger|appendices",
    "closed": "lukket|closed|isclosed|private|confidential|fortrolig",
    "open": "åben|åbent|open|ispublic|public|offentlig",
    "participants": "deltagere|deltager|participants|attendees|tilstede|present",
    "absent": "fraværende|fravær|afbud|absent|absentees",
    "section": "resume|resumé|sagsfremstilling|baggrund|anledning|indstilling|økonomi|"
               "økonomiskekonsekvenser|sagsprocedure|lovgrundlag|høring|tidsplan|kommunikation|"
               "recommendation|summary|background",
    "sections": "sections|afsnit|felter|fields|punktfelter",
    "items": "items|agendaitem|agendaitems|agendaitemlist|punkter|punktliste|dagsordenspunkter|agenda|dagsordenpunkter|"
             "sager|cases",
})

ITEM_CONTAINER_KEYS = {k for k, field in ITEM_KEYS.items() if field == "items"}


def meeting_field(key: str) -> str | None:
    """Canonical meeting field of an export key, or None."""
    return MEETING_KEYS.get(norm_key(key))


def item_field(key: str) -> str | None:
    """Canonical item field of an export key, or None."""
    return ITEM_KEYS.get(norm_key(key))
