"""Review of builder/pages/charts.py's kept shapes (a file in the build folder, between builds): a shape
carries labels from builder/template (the appeal groups' short names, the outcomes' order), so the file
kept by a build of other code is not read; before, its name hashed charts.py and Altair's version only,
and a label changed in builder/template/labels.py stayed out of every chart made again."""

from __future__ import annotations

import json

from builder import cache_format
from builder.pages.charts import _SHAPES_FORMAT, _SHAPES_KIND, _appeals_shape, keep_shapes_in
from builder.template.labels import APPEAL_GROUPS_SHORT_ZH


def test_shapes_kept_by_other_code_are_not_read(tmp_path):
    short = APPEAL_GROUPS_SHORT_ZH[0]
    try:
        keep_shapes_in(tmp_path, "code of the last build")
        _appeals_shape.cache_clear()
        assert short in json.dumps(_appeals_shape(), ensure_ascii=False)
        (kept,) = tmp_path.glob("chart-shapes-*.msgpack")
        # What that build kept: its labels, which this code no longer has (a file it wrote: with the state key).
        shapes = json.loads(json.dumps(cache_format.read(kept, _SHAPES_KIND, _SHAPES_FORMAT), ensure_ascii=False)
                            .replace(short, "旧标签"))
        kept.write_bytes(cache_format.dumps(shapes, _SHAPES_KIND, _SHAPES_FORMAT))

        keep_shapes_in(tmp_path, "code of this build")
        _appeals_shape.cache_clear()
        shape = json.dumps(_appeals_shape(), ensure_ascii=False)
        assert short in shape and "旧标签" not in shape
        assert len(list(tmp_path.glob("chart-shapes-*.msgpack"))) == 2

        keep_shapes_in(tmp_path, "code of the last build")  # the same code again: its file is read
        _appeals_shape.cache_clear()
        assert "旧标签" in json.dumps(_appeals_shape(), ensure_ascii=False)
    finally:
        keep_shapes_in(None)
        _appeals_shape.cache_clear()
