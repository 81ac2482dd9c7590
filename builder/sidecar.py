"""The sidecar ``<report>.yml``: what a contributor says about a report, and the one place that knows it.

A sidecar is written by a stranger in a pull request, so it is read as untrusted input:

- loading refuses, before anything is built, a file over ``MAX_BYTES``, one that is not UTF-8, and YAML
  that could make a small file big or run code: anchors and aliases (the "billion laughs"), any explicit
  tag (``!!python/…``, ``!!binary``, ``!foo``), merge keys, deep nesting, duplicate keys, several
  documents, a top level that is not a mapping;
- every key must be one of ``SIDECAR_KEYS`` (a misspelt key gets a suggestion) and every value the type
  the schema below says, normalized (a YAML date → ``"2021-01-28"``, ``"2021"`` → 2021).

``load_sidecar(report)`` returns a ``Sidecar`` or raises ``ReportError`` with every problem on one line
(for parse and build); ``sidecar_problems(report)`` lists them one sentence each (for validate).
``apply_sidecar(meta, sidecar)`` lets the sidecar win over what the text says.

The schema is plain typed Python (a frozen dataclass whose fields name their checker) rather than a
validation library: the checks are few, and the messages must be our own Chinese-then-English sentences.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from builder.divisions import full_names
from builder.errors import ReportError
from builder.metadata import LEVELS, level_of, slugify
from builder.template import RULE
from builder.textnorm import has_invisible, invisible

MAX_BYTES = 64 * 1024  # a real sidecar is a few hundred bytes
MAX_DEPTH = 8  # nesting of YAML collections (a region mapping is depth 2)
AGENCY_MAX = 100  # characters; the longest real agency names are about 40
PLACE_MAX = 30  # characters of one region level (the longest real ones, 克孜勒苏柯尔克孜自治州, have 11)
NOTE_MAX = 2000
URL_MAX = 2000
FIRST_REPORT_YEAR = 2008  # the Regulations on Open Government Information took effect in 2008
SHOWN_MAX = 40  # characters of a wrong value quoted back in a message

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_\-]{1,40}")
# Bidirectional overrides and isolates: they make a name display as something it is not.
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def last_year() -> int:
    """The latest plausible report year: next year's report may be drafted before the year ends."""
    return date.today().year + 1


class _Wrong(Exception):
    """A value of the wrong type or form: what was expected, in Chinese and in English."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en


# ---------------------------------------------------------------- the checkers, one per kind of value


def _text(value, *, max_len: int, lines: bool = False) -> str:
    if not isinstance(value, str):
        raise _Wrong("应为文字", "must be text")
    text = value.strip()
    if not text:
        raise _Wrong("不能为空", "must not be empty")
    if len(text) > max_len:
        raise _Wrong(f"过长（{len(text)} 字，最多 {max_len} 字）", f"is too long ({len(text)} characters, at most {max_len})")
    allowed = "\n\t" if lines else ""
    if any((unicodedata.category(ch) in ("Cc", "Cs") and ch not in allowed) or ch in _BIDI for ch in text):
        raise _Wrong("含有控制字符", "contains control characters")
    # A name, place or address with a zero-width or other invisible format character (Cf: U+200B, U+200D,
    # U+FEFF, U+00AD …) looks like another and is not found by what it shows; a note (lines) may keep them.
    if not lines and has_invisible(text):
        raise _Wrong("含有不可见的格式字符（如零宽空格）", "contains invisible format characters (such as a zero-width space)")
    return text


def check_agency(value) -> str:
    # The id made from it names files and folders; slugify caps it (a hash suffix), so only the name is checked.
    return _text(value, max_len=AGENCY_MAX)


def check_note(value) -> str:
    return _text(value, max_len=NOTE_MAX, lines=True)


def check_year(value) -> int:
    expected = (f"应为 {FIRST_REPORT_YEAR} 至 {last_year()} 之间的整数年份",
                f"is implausible: expected a whole year from {FIRST_REPORT_YEAR} to {last_year()}")
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value.strip()) == 4:
        value = int(value.strip())
    # bool is an int in Python: `year: true` must not become year 1.
    if isinstance(value, bool) or not isinstance(value, int) or not FIRST_REPORT_YEAR <= value <= last_year():
        raise _Wrong(*expected)
    return value


def check_date(value) -> str:
    """A calendar date as YYYY-MM-DD, quoted or not (our loader reads an unquoted date as text); a date
    object, as another YAML loader would build, is the same date."""
    expected = ("应为日期 YYYY-MM-DD", "must be a date YYYY-MM-DD")
    if isinstance(value, date):  # also a datetime: its day
        day = date(value.year, value.month, value.day)
    elif isinstance(value, str) and _DATE.fullmatch(value.strip()):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise _Wrong(*expected) from None
    else:
        raise _Wrong(*expected)
    if not 2000 <= day.year <= last_year():
        raise _Wrong(f"年份不合理，应在 2000 至 {last_year()} 之间", f"has an implausible year, expected 2000 to {last_year()}")
    return day.isoformat()


def check_source_url(value) -> str:
    expected = ("应为 http:// 或 https:// 开头的网址", "must be an http:// or https:// address")
    if not isinstance(value, str):
        raise _Wrong("应为文字", "must be text")
    url = value.strip()
    if len(url) > URL_MAX:
        raise _Wrong(f"过长（最多 {URL_MAX} 字）", f"is too long (at most {URL_MAX} characters)")
    # Browsers drop tabs, newlines and invisible characters inside a URL (java\tscript: is javascript:).
    if any(ch.isspace() or invisible(ch) or unicodedata.category(ch) in ("Cc", "Cs") for ch in url):
        raise _Wrong(*expected)
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # a malformed address: http://[::1
        raise _Wrong(*expected) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise _Wrong(*expected)
    return url


def check_sha256(value) -> str:
    if not isinstance(value, str) or not _SHA256.fullmatch(value.strip()):
        raise _Wrong("应为 64 位十六进制的 sha256", "must be a sha256: 64 hexadecimal digits")
    return value.strip().lower()


def check_region(value) -> dict[str, str | None]:
    """A path 省/市/县/乡 (leading levels) or a mapping of some of province, city, county, township.

    Only the levels given are returned: the others keep what the parser found."""
    expected = ("应为 省/市/县/乡 形式的文字，或只含 province、city、county、township 的键值对",
                "must be a path 省/市/县/乡 or a mapping of province, city, county, township")
    if isinstance(value, str):
        parts = value.split("/")
        if len(parts) > len(LEVELS):
            raise _Wrong(f"最多 {len(LEVELS)} 级（省/市/县/乡）", f"has at most {len(LEVELS)} levels (省/市/县/乡)")
        value = dict(zip(LEVELS, parts, strict=False))
    if not isinstance(value, dict):
        raise _Wrong(*expected)
    region = {}
    for level, place in value.items():
        if level not in LEVELS:
            raise _Wrong(f"的层级 {_shown_key(level)} 未知{_suggestion_zh(level, LEVELS)}，应为 {'、'.join(LEVELS)}",
                         f"has an unknown level {_shown_key(level)}{_suggestion_en(level, LEVELS)}, "
                         f"expected {', '.join(LEVELS)}")
        if place is None or (isinstance(place, str) and not place.strip()):
            region[level] = None
            continue
        try:
            region[level] = _text(place, max_len=PLACE_MAX)
        except _Wrong as exc:
            raise _Wrong(f"的 {level} {exc.zh}", f"{level} {exc.en}") from None
    return region


def check_known_issues(value) -> tuple[str, ...]:
    expected = ("应为检查规则名的列表，如 [balance]", "must be a list of check rule names, e.g. [balance]")
    if not isinstance(value, list):
        raise _Wrong(*expected)
    rules = []
    for rule in value:
        if not isinstance(rule, str):
            raise _Wrong(*expected)
        if rule.strip() not in RULE:
            raise _Wrong(f"中的规则名 {_shown_key(rule)} 未知{_suggestion_zh(rule, RULE)}",
                         f"names an unknown rule {_shown_key(rule)}{_suggestion_en(rule, RULE)}")
        rules.append(rule.strip())
    return tuple(dict.fromkeys(rules))  # once each


# ---------------------------------------------------------------- the schema


def _key(checker):
    return field(default=None, metadata={"check": checker})


@dataclass(frozen=True)
class Sidecar:
    """A checked sidecar (CONTRIBUTING.md documents each key). None, or an empty tuple: not given; a key
    written as `key:` (null) is not given either."""

    agency: str | None = _key(check_agency)  # the agency's full name, over the parsed one
    year: int | None = _key(check_year)  # the year the report covers
    region: dict[str, str | None] | None = _key(check_region)  # only the levels given
    published: str | None = _key(check_date)  # YYYY-MM-DD
    source_url: str | None = _key(check_source_url)  # http(s) only
    retrieved: str | None = _key(check_date)  # YYYY-MM-DD
    sha256: str | None = _key(check_sha256)  # lower case
    known_issues: tuple[str, ...] = field(default=(), metadata={"check": check_known_issues})  # rule names
    note: str | None = _key(check_note)  # what is wrong in the source


SCHEMA = {f.name: f.metadata["check"] for f in fields(Sidecar)}
SIDECAR_KEYS = tuple(SCHEMA)


# ---------------------------------------------------------------- messages


def _shown(value) -> str:
    """A value quoted back in a one-line message: repr escapes newlines and control characters."""
    text = repr(value)
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 1] + "…"


def _shown_key(key) -> str:
    return key if isinstance(key, str) and _PLAIN_KEY.fullmatch(key) else _shown(key)


def _close(word, choices) -> str | None:
    if not isinstance(word, str):
        return None
    match = difflib.get_close_matches(word.strip().lower(), list(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def _suggestion_zh(word, choices) -> str:
    close = _close(word, choices)
    return f"（是否想写 {close}？）" if close else ""


def _suggestion_en(word, choices) -> str:
    close = _close(word, choices)
    return f" (did you mean {close}?)" if close else ""


def _unknown_key(key) -> str:
    close = _close(key, SIDECAR_KEYS)
    shown = _shown_key(key)
    if close:
        return f"未知字段 {shown}：是否想写 {close}？ unknown key {shown}: did you mean {close}?"
    return (f"未知字段 {shown}，可用的字段：{'、'.join(SIDECAR_KEYS)} "
            f"unknown key {shown}, the keys are: {', '.join(SIDECAR_KEYS)}")


def _wrong_value(key: str, value, wrong: _Wrong) -> str:
    return f"字段 {key} {wrong.zh}（得到 {_shown(value)}） {key} {wrong.en} (got {_shown(value)})"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# ---------------------------------------------------------------- loading


class _Refused(Exception):
    """YAML this loader will not build (an alias, a tag …), said in Chinese and English."""

    def __init__(self, zh: str, en: str, mark=None):
        super().__init__(en)
        self.zh, self.en = zh, en
        self.line = mark.line + 1 if mark is not None else None


class _SidecarLoader(yaml.SafeLoader):
    """SafeLoader that refuses, while composing and so before anything is built, the YAML features a
    sidecar never needs and an attacker would use: aliases and anchors, tags, deep nesting, merge and
    duplicate keys."""

    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused("不允许使用 YAML 锚点和别名（& 和 *）", "YAML anchors and aliases (& and *) are not allowed",
                           event.start_mark)
        if getattr(event, "tag", None) is not None:
            tag = _shown(event.tag.replace("tag:yaml.org,2002:", "!!"))
            raise _Refused(f"不允许使用 YAML 标签 {tag}", f"YAML tags such as {tag} are not allowed", event.start_mark)
        collection = isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent))
        if collection:
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise _Refused(f"嵌套超过 {MAX_DEPTH} 层", f"nested deeper than {MAX_DEPTH} levels", event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            if collection:
                self._depth -= 1

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused("不允许使用合并键 <<", "merge keys (<<) are not allowed", key_node.start_mark)
            key = self.construct_object(key_node, deep=True)
            try:
                marker = (type(key), key)  # the type too: `1` and `true` are different keys
                if marker in seen:
                    raise _Refused(f"字段 {_shown_key(key)} 重复", f"duplicate key {_shown_key(key)}", key_node.start_mark)
                seen.add(marker)
            except TypeError:
                pass  # an unhashable key: SafeConstructor refuses it just below
        return super().construct_mapping(node, deep)


# YAML 1.1 reads an unquoted 2021-13-45 as a timestamp and fails to build it; as plain text it reaches
# check_date, which names the key. (check_date still takes a date, so a date built elsewhere is fine.)
_SidecarLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_KINDS = {list: ("列表", "a list"), str: ("文字", "text"), int: ("数字", "a number"), float: ("数字", "a number"),
          bool: ("真假值", "true/false")}


def sidecar_path(report: Path) -> Path | None:
    for candidate in (report.with_suffix(".yml"), report.with_suffix(".yaml"), Path(f"{report}.yml")):
        if candidate.is_file():
            return candidate
    return None


def _read_capped(path: Path) -> tuple[bytes | None, list[str]]:
    """The sidecar's bytes, never more than MAX_BYTES + 1 whatever the file's size, or why not."""
    if path.is_symlink():
        # A pull request can add a link to any file on the machine that builds the site; its keys
        # would be quoted back in the error on the public site.
        return None, ["附属文件不能是符号链接 sidecar must not be a symbolic link"]
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, [f"无法读取附属文件 cannot read the sidecar ({_one_line(exc.strerror or exc)})"]
    if len(raw) > MAX_BYTES:
        return None, [f"附属文件超过 {MAX_BYTES // 1024} KiB sidecar is larger than {MAX_BYTES // 1024} KiB"]
    return raw, []


def parse_yaml(text: str) -> tuple[object, list[str]]:
    """The one YAML document built by the refusing loader, or why it cannot be."""
    loader = None
    try:
        loader = _SidecarLoader(text)  # its reader already refuses control characters
        return loader.get_single_data(), []
    except _Refused as exc:
        where = f"（第 {exc.line} 行）" if exc.line else ""
        where_en = f" (line {exc.line})" if exc.line else ""
        return None, [f"附属文件{where}{exc.zh} sidecar{where_en}: {exc.en}"]
    except yaml.MarkedYAMLError as exc:
        line = f"第 {exc.problem_mark.line + 1} 行" if exc.problem_mark else ""
        line_en = f"line {exc.problem_mark.line + 1}: " if exc.problem_mark else ""
        return None, [f"附属文件不是有效的 YAML（{line}） sidecar is not valid YAML ({line_en}{_one_line(exc.problem or exc)})"]
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError) as exc:
        # ValueError: an int too long for Python to convert (more than 4300 digits).
        return None, [f"附属文件不是有效的 YAML sidecar is not valid YAML ({_one_line(exc)[:100]})"]
    finally:
        if loader is not None:
            loader.dispose()


def _read_yaml(path: Path) -> tuple[dict | None, list[str]]:
    """The sidecar's top-level mapping, or the reason it cannot be read."""
    raw, problems = _read_capped(path)
    if raw is None:
        return None, problems
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, ["附属文件不是 UTF-8 编码 sidecar is not UTF-8 text"]
    data, problems = parse_yaml(text)
    if problems:
        return None, problems
    if data is None:
        return {}, []  # an empty file, or only comments
    if not isinstance(data, dict):
        kind_zh, kind_en = _KINDS.get(type(data), ("其他", "something else"))
        return None, [f"附属文件应为“字段: 值”的键值对，而不是{kind_zh} sidecar must be a mapping of keys to values, not {kind_en}"]
    return data, []


def check_fields(data: dict) -> tuple[dict, list[str]]:
    """The checked, normalized values of a mapping of sidecar keys, and one sentence per problem."""
    values, problems = {}, []
    for key, value in data.items():
        if key not in SCHEMA:
            problems.append(_unknown_key(key))
            continue
        if value is None:
            continue
        try:
            values[key] = SCHEMA[key](value)
        except _Wrong as wrong:
            problems.append(_wrong_value(key, value, wrong))
    return values, problems


def _load(report: Path) -> tuple[Sidecar, list[str]]:
    path = sidecar_path(Path(report))
    if path is None:
        return Sidecar(), []
    data, problems = _read_yaml(path)
    if data is None:
        return Sidecar(), problems
    values, problems = check_fields(data)
    return (Sidecar(**values) if not problems else Sidecar()), problems


def sidecar_problems(report: Path) -> list[str]:
    """What is wrong with the report's sidecar, one sentence each (none: no sidecar, or a good one)."""
    return _load(report)[1]


def load_sidecar(report: Path) -> Sidecar:
    """The report's checked sidecar (empty if it has none); ReportError naming every problem on one line."""
    sidecar, problems = _load(report)
    if problems:
        name = sidecar_path(Path(report)).name
        raise ReportError(f"附属文件 {name} 有误 invalid sidecar {name}: " + "; ".join(problems))
    return sidecar


def apply_sidecar(meta: dict, sidecar: Sidecar) -> dict:
    """The sidecar wins over what the text says."""
    meta = dict(meta)
    if sidecar.agency:
        meta["agency"] = sidecar.agency
        meta["agency_id"] = slugify(sidecar.agency)
    if sidecar.year:
        meta["year"] = sidecar.year
    if sidecar.published:
        meta["published"] = sidecar.published
    if sidecar.region is not None:
        parsed = meta.get("region") or {}
        meta["region"] = full_names({level: sidecar.region.get(level, parsed.get(level)) for level in LEVELS})
        meta["level"] = level_of(meta["region"])
    return meta
