"""SBSYS eDagsorden: the rules of its publication XML, shared by the ``sbsys-xml`` layout.

SBSYS (an ESDH system) publishes a meeting's agenda or minutes as one ``Publication<N>.xml``,
shipped in a zip beside an ``Enclosures/`` folder with the attachments. The same XML shape
(``Publication/Agendas/Agenda`` with ``Meeting``, ``Committee`` and ``Items``) is also written as
a thin skeleton by other systems' publishing bridges (Aarhus' GetOrganized meetings).

- :mod:`.archive` — the zip: finds the ``Publication<N>.xml`` and lists the archive's files;
- :mod:`.xml`     — the XML read tolerantly (characters XML 1.0 forbids repaired, with a
  warning), element text and line ranges;
- :mod:`.fields`  — one item's fields (``ItemField`` records: a caption and HTML content) →
  sections, recommendation, decision and earlier treatments;
- :mod:`.members` — meeting and item members with their participation status.

See docs/layouts.md ("SBSYS eDagsorden") for the shape.
"""
