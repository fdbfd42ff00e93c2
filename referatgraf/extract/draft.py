"""A mention while extraction runs: plain attributes, validated into a Mention once at the end.

Building and re-validating ~150 pydantic objects per document cost more than all the pattern
matching, so the pipeline works on these light drafts and hands pydantic one list to validate.

>>> d = Draft("person", "Mie Thorup", 12, 4, 14, item=2, section="beslutning")
>>> d.as_dict()["span"]
{'line': 12, 'start': 4, 'end': 14}
"""

from __future__ import annotations


class Draft:
    __slots__ = ("kind", "text", "line", "start", "end", "item", "section", "role", "entity",
                 "value", "context")

    def __init__(self, kind: str, text: str, line: int, start: int, end: int,
                 item: int | None = None, section: str | None = None, role: str = "mentioned",
                 entity: str | None = None, value: str | None = None,
                 context: str | None = None) -> None:
        self.kind, self.text, self.line, self.start, self.end = kind, text, line, start, end
        self.item, self.section, self.role = item, section, role
        self.entity, self.value, self.context = entity, value, context

    def as_dict(self) -> dict:
        """The fields of :class:`~referatgraf.extract.model.Mention`."""
        return {"kind": self.kind, "text": self.text,
                "span": {"line": self.line, "start": self.start, "end": self.end},
                "item": self.item, "section": self.section, "role": self.role,
                "entity": self.entity, "value": self.value, "context": self.context}

    def __repr__(self) -> str:
        return f"Draft({self.kind!r}, {self.text!r}, line={self.line}, role={self.role!r}, entity={self.entity!r})"
