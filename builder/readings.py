"""The pinyin of a place or agency name, for slugs: a shipped table first, pypinyin for the rest.

Slugs are pypinyin's readings with CC-CEDICT's phrases (shipped by pypinyin-dict), which read
place names right where pypinyin's own phrases do not (长治 zhangzhi, 单县 danxian, 锡林郭勒
xilinguolei). Loading those dictionaries costs well over a second of CPU in every process, more
than the rest of a text report's parse, to read a dozen names. So the readings of the names
slugs are made of (every division cpca knows, with the short forms region slugs use, the places
table, the agency words, and the agencies of the reports in the repository) are computed once by
``python -m builder.template.make_name_readings`` into ``builder/template/name_readings.tsv``;
only a name not in it loads the libraries (tests/metadata/test_shipped_tables.py holds the table
to the libraries).

The libraries are loaded without side effects: CC-CEDICT's phrases go into a private copy of
pypinyin's phrase dictionary with its own segmenter, not into pypinyin's own
(``pypinyin_dict…cc_cedict.load()`` would change every other user's readings in the process).
"""

from __future__ import annotations

from copy import deepcopy
from functools import cache
from importlib import resources

TABLE = "name_readings.tsv"


@cache
def shipped() -> dict[str, str]:
    """{name: its reading, lower case, no tones, no separators} from the shipped table."""
    text = resources.files("builder.template").joinpath(TABLE).read_text(encoding="utf-8")
    return dict(line.split("\t", 1) for line in text.splitlines() if line and not line.startswith("#"))


def reading(name: str) -> str:
    """pypinyin's lazy_pinyin(name) with CC-CEDICT's phrases, joined: 兴庆区 → xingqingqu. A name the table
    does not hold but whose units it does (淮安市 / 人民政府: an agency's full name) reads unit by unit,
    as its slug does, without loading the libraries (seconds of CPU, for the explorer's name column)."""
    table = shipped()
    found = table.get(name)
    if found is not None:
        return found
    from builder.metadata import slug_units  # (metadata imports this module)

    units = slug_units(name)
    if len(units) > 1 and "".join(units) == name and all(unit in table for unit in units):
        return "".join(table[unit] for unit in units)
    return library_reading(name)


# The library readings made in this process, and those a parse worker made and sent back (builder.batch
# _parse_learning): the same function of the same name, so one made there need not load the libraries here.
LEARNED: dict[str, str] = {}


def library_reading(name: str) -> str:
    found = LEARNED.get(name)
    if found is None:
        found = LEARNED[name] = "".join(_pinyin().lazy_pinyin(name))
    return found


@cache
def _pinyin():
    """pypinyin reading with its phrases and CC-CEDICT's, in a dictionary and segmenter of its own."""
    from pypinyin.constants import PHRASES_DICT, RE_HANS
    from pypinyin.converter import DefaultConverter
    from pypinyin.core import Pinyin
    from pypinyin.seg.mmseg import PrefixSet, Seg
    from pypinyin.seg.simpleseg import simple_seg
    from pypinyin_dict.phrase_pinyin_data.cc_cedict import phrases_dict as cc_cedict

    # What pypinyin.load_phrases_dict(cc_cedict) would make of pypinyin's own (update, then retrain).
    phrases = {**PHRASES_DICT, **cc_cedict}
    prefixes = PrefixSet()
    prefixes.train(phrases.keys())
    segmenter = Seg(prefixes)

    class Converter(DefaultConverter):
        def _phrase_pinyin(self, phrase, style, heteronym, errors, strict):
            if phrase in phrases:
                return deepcopy(phrases[phrase])
            # Not a phrase of either dictionary, so not of pypinyin's: character by character.
            return super()._phrase_pinyin(phrase, style, heteronym, errors, strict)

    class Reader(Pinyin):
        def get_seg(self, **kwargs):
            # pypinyin.seg.simpleseg.seg with the private segmenter.
            return lambda hans: [word for part in simple_seg(hans)
                                 for word in (segmenter.cut(part) if RE_HANS.match(part) else [part])]

    return Reader(Converter())
