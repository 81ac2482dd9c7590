"""Bytes → text for the formats that do not say their encoding reliably (TXT/MD, HTML).

A BOM first; then the encoding the file declares (an HTML <meta charset>), if
the bytes fit it; then UTF-8; then GB18030; and only then a guess by
charset-normalizer. Chinese text that is not UTF-8 is GBK in practice, and on
a short GBK text charset-normalizer has answered utf_16_be. GB2312 and GBK are
read as GB18030, their superset: files that say gb2312 routinely use
characters outside it.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from builder.errors import ReportError

# Legacy Chinese labels that browsers (per the WHATWG Encoding standard) decode as GB18030.
GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "csgb2312", "chinese",
             "iso-ir-58", "ms936", "windows-936", "gb_2312-80", "gb_2312", "hz"}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
         (b"\x84\x31\x95\x33", "gb18030"))


def has_bom(data: bytes) -> bool:
    return any(data.startswith(bom) for bom, _ in _BOMS)


def decode(data: bytes, declared: str | None = None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    for candidate in (normalize_encoding(declared) if declared else None, "utf-8", "gb18030"):
        if candidate:
            try:
                return data.decode(candidate).lstrip("\ufeff")
            except UnicodeDecodeError:
                continue
    guess = from_bytes(data).best()
    if guess is None:
        raise ReportError("无法识别文本编码 cannot detect the text encoding (binary file?)")
    return data.decode(normalize_encoding(guess.encoding) or "gb18030", errors="replace")


def normalize_encoding(label: str) -> str | None:
    label = label.strip().lower()
    if label in GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None
