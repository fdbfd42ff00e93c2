"""Word-made minutes: meeting notes an administration writes in Word from its own template and
saves as PDF (no meeting system behind them), read by the ``word-minutes`` layout.

- :mod:`.header` — the minutes header: organisation lines, "Referat"/"Dagsorden", the body, and
  "Dato:" / "Tid:" / "Sted:" / "Deltagere:" / "Afbud:" / "Fraværende:" fields, inline or (as
  Word tables come out of a PDF) as a column of labels followed by a column of values;
- :mod:`.items`  — items with outline numbers ("1", "1.1", "2") and their "Oplæg:" / "Referat:"
  parts, the Referat being the decision.

See docs/layouts.md ("Word-made minutes") for the shape.
"""
