"""Every reader under fuzzing (issue 19 part 4): real documents, damaged in every way we could
think of, end in a sound meeting or a ParseError naming the file — never another exception, a
RecursionError or a hang.

Seeds and operations come from tests/fuzz_inputs.py (truncations, byte flips, hostile insertions,
deep nesting, huge fields, BOMs, re-encodings, wrong file names, empty files). Hypothesis runs
derandomized with a small budget here (``REFERATGRAF_FUZZ_SCALE`` multiplies it);
benchmarks/fuzz.py runs ≥ 10,000 inputs per reader. Every input the fuzzer once broke a reader
with is kept in tests/fixtures/fuzz_cases.yaml (seed + operations, no corpus bytes) and replayed.
"""

from __future__ import annotations

import os
import time

import pytest
from hypothesis import HealthCheck, given, settings

from fuzz_inputs import (PDF_READERS, READERS, case_input, found_cases, hypothesis_case, outcome, seed_bytes,
                         seeds, time_limit)

CASES = found_cases()
SCALE = float(os.environ.get("REFERATGRAF_FUZZ_SCALE", "1"))
TIME_BOUND = 10.0  # seconds per input on a loaded CI machine (the benchmark reports the real slowest)


def examples(reader: str) -> int:
    return max(1, int((12 if reader in PDF_READERS else 30) * SCALE))


def check(data: bytes, name: str) -> tuple[str, str]:
    """The suite's one assertion: a sound meeting or a clean ParseError, within the time bound."""
    started = time.perf_counter()
    with time_limit(TIME_BOUND * 3):
        result = outcome(data, name)
    elapsed = time.perf_counter() - started
    assert elapsed <= TIME_BOUND, f"{name}: {elapsed:.1f} s"
    return result


@pytest.mark.parametrize("reader", READERS)
def test_every_reader_has_seeds(reader):
    assert seeds(reader), f"no seed documents for {reader}"
    data, name = seed_bytes(seeds(reader)[0])
    kind, layout = outcome(data, name)
    assert (kind, layout) == ("parsed", reader.replace("sbsys-zip", "sbsys-xml"))


@pytest.mark.parametrize("reader", READERS)
def test_reader_survives_fuzzing(reader):
    @settings(max_examples=examples(reader), deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(case=hypothesis_case(reader))
    def run(case: dict) -> None:
        check(*case_input(case))

    run()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_found_case_stays_fixed(case):
    """Each input that once ended in an unhandled exception, an unsound meeting or a hang."""
    kind, detail = check(*case_input(case))
    expect = case.get("expect")
    if expect:
        assert kind == expect["outcome"], (kind, detail)
        assert expect.get("message", "") in detail, detail


def test_cases_are_unique_and_named():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)) and all(c.get("found") for c in CASES)
