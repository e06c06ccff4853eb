"""(pure) Translation memory: keys, match classes, figure substitution, TMX reading and writing.

No Flask or SQLAlchemy here: `workbench.services.tm` stores units and finds candidates,
this package decides what a candidate is worth.
"""
