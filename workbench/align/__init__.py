"""(pure) Aligning a Chinese report with its official English translation.

No Flask and no ORM here: the services layer reads files, stores alignments and passes
plain values.
"""

from workbench.align.aligner import Alignment, Link, align, align_sentences
from workbench.align.english import english_sentences, split_english
from workbench.align.lexicon import CEDICT_LICENCE, Lexicon, cedict_lexicon

__all__ = [
    "CEDICT_LICENCE",
    "Alignment",
    "Lexicon",
    "Link",
    "align",
    "align_sentences",
    "cedict_lexicon",
    "english_sentences",
    "split_english",
]
