"""Characters PDFs print in place of the ideographs they show.

Some fonts map 民 to U+2EA0 ⺠ (CJK Radicals Supplement) or 一 to U+2F00 ⼀
(Kangxi Radicals): they look the same and match nothing. Unicode's
Equivalent_Unified_Ideograph property says which ideograph each stands for.
NFKC folds the Kangxi block but only two of the Supplement block, and Python's
unicodedata does not expose the property, so the Supplement mapping is
written out here (from the UCD's EquivalentUnifiedIdeograph.txt, the forms
that stand for a whole character or a common component).
"""

from __future__ import annotations

import unicodedata

_SUPPLEMENT = dict(zip(
    "⺁⺅⺆⺉⺊⺌⺎⺏⺒⺓⺔⺖⺗⺘⺙⺛⺜⺝⺞⺟⺠⺡⺢⺣⺤⺦⺧⺨⺩⺪⺫⺬⺭⺮⺯⺰⺲⺳⺶⺹⺺⺾⺿⻀⻁⻂⻃⻄⻅⻆⻈⻉⻋⻌⻍⻐⻑⻒⻓⻔⻖⻗⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻲⻳",
    "厂亻冂刂卜小尢尣巳幺彑忄心扌攵旡日月歺母民氵氺灬爫丬牛犭王疋罒示礻竹糸纟罒罓羊耂肀艹艹艹虎衤覀西见角讠贝车辶辶钅長镸长门阝雨青韦页风飞食飠饣马骨鬼鱼鸟卤麦黄黾斉齐歯齿竜龙亀龟",
    strict=True,
))
_RADICALS = {ord(k): v for k, v in _SUPPLEMENT.items()}
_RADICALS.update({cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)})


def unify_ideographs(text: str) -> str:
    """Radical look-alikes → the ideographs they stand for; everything else unchanged."""
    return text.translate(_RADICALS)
