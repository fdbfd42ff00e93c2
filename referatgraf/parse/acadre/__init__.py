"""Acadre MM (the ESDH system's meeting module): the rules both Acadre readers share.

Acadre publishes a meeting twice: as a PDF made from its Word template and as an XML of its
own records (``table name=…`` holding ``fields/field name=…``). The readers
(:mod:`referatgraf.parse.layouts.acadre_pdf`, :mod:`referatgraf.parse.layouts.acadre_xml`) turn
their document into the same intermediate shape — a header and, per item, its number, title,
case number and *fields* (Acadre's "bullets": a heading and its lines) — and share:

- :mod:`.text`    — numbered lines, the PDF's page furniture ("N of M", the running header),
  Acadre's item heading "715. <title>" and its "Sagsnr.:" stamp (the sniffing marks);
- :mod:`.front`   — the PDF's meeting header and contents list;
- :mod:`.pdf_items` — the PDF's items cut at their headings, each into fields;
- :mod:`.item`    — one item from its fields: sections, dated decisions (one per treatment),
  earlier treatments, Indstilling, attendance;
- :mod:`.records` — the XML's records read with lxml;
- :mod:`.meeting` — the meeting put together and the plausibility rules that refuse a document.
"""
