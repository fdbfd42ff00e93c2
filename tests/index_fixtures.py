"""The full-text index as `referatgraf index` builds it, for tests (the real engine, on disk)."""

from __future__ import annotations


def built_index(store, settings):  # noqa: ANN001, ANN201 - Store, Settings → TextIndex
    """Rebuild the index of ``store`` at ``settings.index_dir`` and open it read-only."""
    from referatgraf.index.open import open_index
    from referatgraf.read.index_records import rebuild

    with open_index(settings) as index:
        rebuild(store, index)
    return open_index(settings, read_only=True)
