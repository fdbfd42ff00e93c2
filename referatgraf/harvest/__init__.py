"""Harvesters: fetch meeting documents from a publication portal, keep them as fetched, ingest
the new and changed ones (see docs/harvest.md).

Only FirstAgenda publication portals so far (:mod:`referatgraf.harvest.firstagenda`).
"""

from referatgraf.harvest.firstagenda import HarvestError, HarvestReport, harvest_firstagenda

__all__ = ["HarvestError", "HarvestReport", "harvest_firstagenda"]
