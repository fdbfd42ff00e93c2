"""The examples in the parser's docstrings run (they are part of its documentation)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "referatgraf.parse.dates", "referatgraf.parse.sections", "referatgraf.parse.titles",
    "referatgraf.parse.recommendation", "referatgraf.parse.normalise", "referatgraf.parse.checks",
    "referatgraf.parse.summary", "referatgraf.parse.reader", "referatgraf.parse.errors",
    "referatgraf.parse.frontmatter", "referatgraf.parse.items", "referatgraf.parse.pdf",
    "referatgraf.parse.layouts.referat",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
