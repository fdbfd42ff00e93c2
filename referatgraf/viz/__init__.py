"""Interactive graph pages (networkx + pyvis records, our own safe template): case histories,
actor ego networks, body overviews and KLE topic maps, plus networkx analytics.

Nothing is imported here, so ``import referatgraf.viz`` (and the web app) stays light; networkx
and pyvis load inside the functions that use them. See docs/viz.md.
"""
