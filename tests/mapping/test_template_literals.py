"""Template knowledge lives in builder/template/: no Chinese label is compared to a report's text elsewhere.

The rule, checked on the syntax tree (``ast``) of every module in builder/ outside builder/template/:
a string literal holding a Chinese character (a CJK ideograph; full-width punctuation and digits are
not labels) must not be *compared* with anything. A literal is compared when it reaches, directly or
through names it is bound to, one of these places:

- an operand of ``==``, ``!=``, ``in``, ``not in``, ``is`` (a ``match`` case value too);
- an argument of ``.startswith .endswith .find .rfind .index .rindex .count .replace .split .rsplit
  .partition .rpartition .strip .lstrip .rstrip .removeprefix .removesuffix``, or the string those
  are called on when it is the literal (``"一二三".index(ch)``);
- the pattern of ``re.compile/search/match/fullmatch/findall/finditer/sub/subn/split``;
- a lookup key: a key of a dict display bound at module level (a lookup table), or a key looked up in
  a module-level table (``TABLE["规章"]``, ``TABLE.get("规章")``; the default of ``.get`` is not a key).
  A function's own records (a chart's rows keyed by their Chinese column names) are not tables.

"Through names": a name (module-level, or local to a function) bound to an expression holding Chinese
literals (a tuple of labels, an f-string pattern, a loop variable over such a tuple) carries those
literals wherever it is used; a loop's iterable counts as compared when its loop variable is. Calls
are followed only through functions that pass their arguments on (``sorted``, ``tuple``, ``"|".join``,
``.items()`` …), not through other functions.

Not comparisons, so allowed anywhere: text shown to people — error messages (``ReportError``), check
messages, page prose, column descriptions, log lines — and docstrings. Such text may be built from
template labels too; it is only the *matching* of a report's words that must ask the template.

The figure issue 8 asked for: on main before the move (24f7763) `scan()` found 160 such literals in
16 modules; after it, none.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILDER = ROOT / "builder"
TEMPLATE = BUILDER / "template"

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_STR_METHODS = {"startswith", "endswith", "find", "rfind", "index", "rindex", "count", "replace", "split",
                "rsplit", "partition", "rpartition", "strip", "lstrip", "rstrip", "removeprefix", "removesuffix"}
_RECEIVER_METHODS = {"startswith", "endswith", "find", "rfind", "index", "rindex", "count"}
_LOOKUP_METHODS = {"get", "pop", "setdefault"}
_RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"}
# Calls whose result carries their arguments' strings (containers and string builders).
_PASSING_FUNCTIONS = {"sorted", "tuple", "list", "set", "frozenset", "dict", "zip", "reversed", "enumerate",
                      "chain", "compact", "label_key", "str", "escape", "map", "filter", "max", "min", "next",
                      "iter"}
_PASSING_METHODS = {"items", "values", "keys", "join", "format", "get", "copy", "union", "strip", "lower",
                    "upper", "escape", "from_iterable"}


def _is_cjk(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(_CJK.search(node.value))


class _Module:
    """One module's name bindings, by scope, and the Chinese literals its comparisons reach."""

    def __init__(self, tree: ast.Module):
        self.tree = tree
        self.parent: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                self.parent[child] = node
        # scope node (Module or FunctionDef) → name → expressions bound to it
        self.bindings: dict[ast.AST, dict[str, list[ast.AST]]] = {}
        for node in ast.walk(tree):
            for target, value in self._binds(node):
                for name in _names(target):
                    self.bindings.setdefault(self.scope(node), {}).setdefault(name, []).append(value)
        self.found: set[ast.Constant] = set()

    @staticmethod
    def _binds(node: ast.AST):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                yield target, node.value
        elif isinstance(node, ast.AnnAssign | ast.AugAssign | ast.NamedExpr) and node.value is not None:
            yield node.target, node.value
        elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
            yield node.target, node.iter
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            yield node.optional_vars, node.context_expr

    def scope(self, node: ast.AST) -> ast.AST:
        while not isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            node = self.parent[node]
        return node

    def is_table(self, node: ast.AST) -> bool:
        """A name bound at module level: a lookup table (a function's own records are not)."""
        return isinstance(node, ast.Name) and node.id in self.bindings.get(self.tree, {}) and \
            not any(node.id in names for scope, names in self.bindings.items()
                    if scope is not self.tree and scope is self.scope(node))

    def _lookup(self, name: ast.Name) -> list[ast.AST]:
        scope = self.scope(name)
        while True:
            if name.id in self.bindings.get(scope, {}):
                return self.bindings[scope][name.id]
            if isinstance(scope, ast.Module):
                return []
            scope = self.scope(self.parent[scope])

    def literals(self, expr: ast.AST, seen: set | None = None) -> set[ast.Constant]:
        """The Chinese literals an expression may carry."""
        seen = set() if seen is None else seen
        if id(expr) in seen:
            return set()
        seen.add(id(expr))
        if _is_cjk(expr):
            return {expr}
        if isinstance(expr, ast.Name):
            out = set()
            for value in self._lookup(expr):
                out |= self.literals(value, seen)
            # A loop variable is compared, so the loop's iterable is too (handled by the binding above).
            return out
        if isinstance(expr, ast.Call):
            func = expr.func
            passing = (isinstance(func, ast.Name) and func.id in _PASSING_FUNCTIONS) or (
                isinstance(func, ast.Attribute) and func.attr in _PASSING_METHODS)
            if not passing:
                return set()
            parts = [*expr.args, *(k.value for k in expr.keywords)]
            if isinstance(func, ast.Attribute):
                # table.get(key, default) carries the table's strings and the default's, not the key's
                parts = [func.value, *(parts[1:] if func.attr == "get" else parts)]
        elif isinstance(expr, ast.Lambda | ast.FunctionDef):
            return set()
        elif isinstance(expr, ast.Subscript):
            parts = [expr.value]  # an item carries the container's strings, not the key's
        elif isinstance(expr, ast.ListComp | ast.SetComp | ast.GeneratorExp):
            parts = [expr.elt]
        elif isinstance(expr, ast.DictComp):
            parts = [expr.key, expr.value]
        elif isinstance(expr, ast.IfExp):
            parts = [expr.body, expr.orelse]
        elif isinstance(expr, ast.Compare | ast.BoolOp | ast.UnaryOp):
            return set()  # a truth value carries no string
        else:
            parts = list(ast.iter_child_nodes(expr))
        out = set()
        for part in parts:
            out |= self.literals(part, seen)
        return out

    def compared(self) -> set[ast.Constant]:
        for node in ast.walk(self.tree):
            for sink in _sinks(node, self):
                self.found |= self.literals(sink)
        return self.found


def _names(target: ast.AST):
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from _names(element)
    elif isinstance(target, ast.Starred):
        yield from _names(target.value)


def _sinks(node: ast.AST, module: _Module):
    """The expressions a node compares with something."""
    if isinstance(node, ast.Compare):
        yield node.left
        yield from node.comparators
    elif isinstance(node, ast.MatchValue):
        yield node.value
    elif isinstance(node, ast.Subscript) and not isinstance(node.slice, ast.Slice) and module.is_table(node.value):
        yield node.slice
    elif isinstance(node, ast.Dict) and isinstance(module.scope(node), ast.Module):
        yield from (k for k in node.keys if k is not None)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        attr, receiver = node.func.attr, node.func.value
        if attr in _STR_METHODS:
            yield from node.args
        if attr in _LOOKUP_METHODS and module.is_table(receiver):
            yield from node.args[:1]  # the key; a default is not looked up
        if attr in _RECEIVER_METHODS and _is_cjk(receiver):
            yield receiver
        if attr in _RE_FUNCTIONS and isinstance(receiver, ast.Name) and receiver.id in {"re", "regex"}:
            yield from node.args[:1]
            yield from (k.value for k in node.keywords if k.arg == "pattern")


def scan(root: Path = BUILDER, template: Path = TEMPLATE) -> list[tuple[str, int, str]]:
    """(file, line, literal) of every Chinese literal compared outside the template, in file order."""
    out = []
    for path in sorted(root.rglob("*.py")):
        if template in path.parents:
            continue
        module = _Module(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        for literal in sorted(module.compared(), key=lambda c: (c.lineno, c.col_offset)):
            out.append((str(path.relative_to(root.parent)), literal.lineno, literal.value))
    return out


def _flagged(source: str) -> list[str]:
    return sorted(c.value for c in _Module(ast.parse(source)).compared())


@pytest.mark.parametrize("source", [
    'def f(label):\n    return "合计" in label',
    'def f(label):\n    return label == "小计"',
    'def f(label):\n    return label.startswith(("其中", "x"))',
    'import re\nP = re.compile(r"(\\d+)件")',
    'import re\nN = r"(\\d+)件"\ndef f(t):\n    return re.search(rf"收到{N}", t)',
    'WORDS = ("规章", "行政许可")\ndef f(text):\n    return sum(1 for w in WORDS if w in text)',
    'MARKERS = {"a": ("规章",)}\ndef f(text):\n    return [m for _, ms in MARKERS.items() for m in ms if m in text]',
    'UNIT = {"万元": 10000}',
    'D = {}\ndef f():\n    return D["总计"]',
    'D = {}\ndef f():\n    return D.get("总计")',
    'def f(s):\n    return "一二三".index(s)',
])
def test_the_scan_finds_a_compared_label(source):
    assert _flagged(source), source


@pytest.mark.parametrize("source", [
    'def f(n):\n    raise ValueError(f"无法读取 {n}")',
    'def f():\n    """收到申请的件数。"""\n    return 1',
    'NAMES = {"requests": "依申请公开情况表"}\ndef f(t):\n    return f"未找到{NAMES[t]}"',
    'def f(x):\n    message = "表格缺失"\n    return x == "ok", message',
    'def f(label):\n    return label in ("，", "：")',
    'D = {}\ndef f(k):\n    return D.get(k, "未知")',
    'def f(v):\n    rows = [{"件数": v}]\n    return rows[0]["件数"]',
])
def test_the_scan_lets_messages_be(source):
    assert _flagged(source) == []


def test_no_chinese_label_is_compared_outside_the_template():
    found = scan()
    listing = "\n".join(f"  {path}:{line}: {text!r}" for path, line, text in found)
    assert not found, f"{len(found)} Chinese literals compared outside builder/template/ (move them there):\n{listing}"
