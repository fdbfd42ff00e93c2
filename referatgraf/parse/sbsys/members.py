"""Meeting and item members of an SBSYS publication, with their participation status.

``Meeting/Members/MeetingMember`` lists who is called to the meeting (the committee's members
and any others); ``Item/Members/ItemMember`` the same per item. Each carries a ``Name`` (party
letter in parentheses, "Doris Børger (A)": no part of the name) and a participation status:
``ParticipationStatusAsValue`` with ``ParticipationStatusAsText`` and ``ParticipationNote``
(SBSYS), or a bare ``Participate`` number (the skeleton some bridges write). 0 is "not decided"
(the member is listed and counts as a participant, as SBSYS' own publication does), 1 and 4
are participation; any other value is absence, with the note, else the status text, as reason.
A meeting without a member list falls back to the committee's (``Committee/Members``).

>>> from lxml import etree
>>> meeting = etree.fromstring("<Meeting><Members><MeetingMember><Name>Bo Holm (A)</Name>"
...     "<ParticipationStatusAsValue>0</ParticipationStatusAsValue></MeetingMember><MeetingMember>"
...     "<Name>Eva Dam</Name><ParticipationStatusAsValue>2</ParticipationStatusAsValue>"
...     "<ParticipationStatusAsText>Absent</ParticipationStatusAsText>"
...     "<ParticipationNote>Afbud</ParticipationNote></MeetingMember></Members></Meeting>")
>>> [(a.name, a.status, a.reason) for a in members(meeting.findall("Members/MeetingMember"))]
[('Bo Holm', 'present', None), ('Eva Dam', 'absent', 'Afbud')]
"""

from __future__ import annotations

from lxml import etree

from referatgraf.parse.attendance import merge
from referatgraf.parse.attendance import PARTY
from referatgraf.parse.model import Attendance
from referatgraf.parse.sbsys.xml import line_of, text_at

PRESENT_VALUES = {"", "0", "1", "4"}


def members(elements: list[etree._Element], item: int | None = None, absent_only: bool = False) -> list[Attendance]:
    """Attendance entries of member records (``absent_only``: the absences alone, for items)."""
    out = []
    for element in elements:
        name = PARTY.sub("", text_at(element, "Name") or text_at(element, "Member/Name")).strip()
        if not name:
            continue
        value = text_at(element, "ParticipationStatusAsValue") or text_at(element, "Participate")
        absent = value not in PRESENT_VALUES
        if absent_only and not absent:
            continue
        reason = None
        if absent:
            reason = text_at(element, "ParticipationNote") or text_at(element, "ParticipationStatusAsText")
        out.append(Attendance(name=name, status="absent" if absent else "present", item=item, reason=reason or None,
                              line=line_of(element, "Name") or element.sourceline or 1))
    return merge(out)


def meeting_members(agenda: etree._Element) -> list[Attendance]:
    """The meeting's members, else the committee's."""
    listed = agenda.findall("Meeting/Members/MeetingMember")
    return members(listed or agenda.findall("Committee/Members/CommitteeMember"))
