"""referatgraf: Danish municipal meeting minutes (referater) → a linked-data knowledge graph.

Data flows one way: ``parse`` (document → typed model) → ``extract`` (actors, references)
→ ``graph`` (model → RDF, store) → ``api`` / ``viz``.
"""

__version__ = "0.1.0"
