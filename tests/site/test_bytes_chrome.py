"""The theme's chrome, squeezed (site_src/overrides/hooks.py): a navigation link holds its title without
Material's md-ellipsis span, the header's title keeps its spans (they cut a long name with "…"), a line
break between two block tags goes and one between inline tags stays (it renders as a space)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _hooks():
    spec = importlib.util.spec_from_file_location("hooks", REPO / "site_src" / "overrides" / "hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    return hooks


CHROME = """<!doctype html>
<html>
  <body>
    <div class="md-header__topic">
      <span class="md-ellipsis">
        阿克苏地区阿克苏市人民政府
      </span>
    </div>
    <ul class="md-nav__list">
      <li class="md-nav__item">
        <a href="../../regions/" class="md-nav__link">
          <span class="md-ellipsis">
            地区 &amp; 机构
          </span>
        </a>
      </li>
      <li class="md-nav__item md-nav__item--active">
        <label class="md-nav__link md-nav__link--active" for="__toc">
          <span class="md-ellipsis">
            概览
          </span>
          <span class="md-nav__icon md-icon"></span>
        </label>
        <a href="x/" class="md-nav__link"><span class="md-ellipsis"><span class="md-typeset">排版</span></span></a>
      </li>
    </ul>
    <p><a href="a/">甲</a>
    <a href="b/">乙</a></p>
"""


def test_nav_links_hold_their_titles_and_the_header_keeps_its_spans():
    hooks = _hooks()
    out = hooks.squeeze_chrome(CHROME + "<article>x</article>\n</body>\n</html>\n")
    assert '<a href="../../regions/" class="md-nav__link">地区 &amp; 机构\n</a>' in out
    assert '<label class="md-nav__link md-nav__link--active" for="__toc">概览\n<span class="md-nav__icon' in out
    assert '<div class="md-header__topic"><span class="md-ellipsis">\n阿克苏地区阿克苏市人民政府\n</span></div>' in out
    # a title Material typesets (markup inside the span) is left as Material wrote it
    assert '<span class="md-ellipsis"><span class="md-typeset">排版</span></span>' in out
    assert '<a href="a/">甲</a>\n<a href="b/">乙</a>' in out  # two inline links: the space between them
    assert "</li><li" in out and "<ul class=\"md-nav__list\"><li" in out
    assert hooks.squeeze_chrome(out) == out
