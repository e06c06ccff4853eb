"""(pure) Policy-term glossary: matcher, candidate finder, MT term protection, TBX/CSV/JSON io.

No Flask and no ORM here: the services layer loads terms and segments and passes plain values.
"""
