"""eDoc (the ESDH system's agenda publishing): the rules both eDoc readers share.

eDoc publishes a meeting twice: as a PDF and as an "agenda-publishing" XML whose ``FullText``
elements carry the same text, per item and for the whole document. The readers
(:mod:`referatgraf.parse.layouts.edoc_pdf`, :mod:`referatgraf.parse.layouts.edoc_xml`) share:

- :mod:`.text`    — numbered lines, eDoc's page header block, its item stamp ("Sagsnr.:" /
  "Dok.nr.:") and case numbers;
- :mod:`.front`   — the meeting header and the contents list;
- :mod:`.item`    — one item: heading, stamp, fields, attachments, Indstilling, decision;
- :mod:`.meeting` — items cut at their headings, checked against the contents list, the meeting;
- :mod:`.xml`     — the XML read tolerantly (characters XML 1.0 forbids repaired, with a warning).
"""
