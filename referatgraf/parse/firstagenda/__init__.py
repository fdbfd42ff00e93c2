"""FirstAgenda: the meeting system most Danish municipalities publish their agendas and minutes
with. Its publication portal serves a meeting as JSON (``/api/agenda/dagsorden/<id>``), as an
HTML page, and as PDF; the readers of all three share this package (item HTML, titles,
attendance). See docs/layouts.md for the shapes.
"""
