"""Synthetic minutes for demos, tests and benchmarks, in our own words.

A deterministic generator (seeded ``random.Random`` objects, no global state) of realistic
*referater*: invented municipalities, bodies, people, posts whose holders change, departments
under aliases, cases that recur across meetings and bodies (KLE numbers, older journal
numbers), presenters and time slots, attachments, closed items, per-point answers and
references to earlier meetings — written in the three seed layouts or as PDF, streamed to disk
with their ground truth.

Modules: ``names`` (name pools), ``kle`` (subjects and topics), ``world`` (a municipality),
``plan`` (what one meeting says), ``prose`` (sentence templates), ``layouts`` (plan → text),
``pdf`` (text → PDF), ``truth`` (ground truth), ``corpus`` (streaming and writing), ``check``
(a parse compared with its truth).

>>> from referatgraf.synth import iter_documents
>>> doc = next(iter_documents(1, seed=0))
>>> doc.truth["body"], doc.truth["items"][0]["title"]
('Chefforum', 'Godkendelse af dagsorden og referat')

CLI: ``referatgraf generate OUT_DIR --meetings N [--seed S] [--layout markdown|plain|2014|mixed] [--pdf]``.
"""

from referatgraf.synth.corpus import iter_documents, read_truth, write_corpus

__all__ = ["iter_documents", "read_truth", "write_corpus"]
