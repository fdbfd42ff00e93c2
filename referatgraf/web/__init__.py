"""Stage 8: the web app (FastAPI): pages, their JSON twins, Linked Data, the SPARQL endpoint,
the dataset description and uploads — over :mod:`referatgraf.read` and :mod:`referatgraf.viz`.
"""
