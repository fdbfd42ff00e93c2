"""Shared fixtures: the real sample minutes in ../shared/seeds (never copied into the repo)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = (ROOT.parent / "shared" / "seeds").resolve()
SEED_FILES = sorted(SEEDS_DIR.glob("*.txt"))
GOLDEN_DIR = ROOT / "tests" / "golden"
EXAMPLES_DIR = ROOT / "examples"

if not SEED_FILES:  # pragma: no cover - a broken checkout, not a test failure to hide
    raise RuntimeError(f"no seed minutes found in {SEEDS_DIR}")


def seed_id(path: Path) -> str:
    return path.stem.split("_")[0]


@pytest.fixture(scope="session")
def seed_files() -> list[Path]:
    return SEED_FILES


@pytest.fixture(scope="session", params=SEED_FILES, ids=seed_id)
def seed_file(request: pytest.FixtureRequest) -> Path:
    """Parametrises a test over every seed file."""
    return request.param


@pytest.fixture(scope="session")
def seed_meetings():
    """Every seed parsed once (municipality Albertslund), keyed by file name."""
    from referatgraf.parse import parse_file

    return {p.name: parse_file(p, municipality="Albertslund") for p in SEED_FILES}


def generated_minutes(folder: Path, meetings: int, seed: int) -> Path:
    """``meetings`` synthetic minutes (plain layout) in ``folder``, without the truth file, so every
    file there is a document to ingest."""
    from referatgraf.synth.corpus import write_corpus

    write_corpus(folder, meetings, seed=seed, layout="plain")
    (folder / "truth.jsonl").unlink()
    return folder
