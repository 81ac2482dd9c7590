#!/usr/bin/env bash
# Validate the reports a branch adds or changes under data/, exactly as CI does for a pull request.
#
#   .github/scripts/validate-changed.sh BASE [SUMMARY_FILE]
#
# BASE is the branch the pull request goes into (CI: origin/main). Files changed since the branch
# left BASE (three dots: the merge base, so later commits on BASE do not count) are validated; a
# changed sidecar .yml stands for its report. SUMMARY_FILE (CI: $GITHUB_STEP_SUMMARY) receives the
# Markdown summary. Run from the repository root; PYTHON picks the interpreter (.venv/bin/python).
set -euo pipefail

base=${1:?usage: validate-changed.sh BASE [SUMMARY_FILE]}
summary=${2:-}
python=${PYTHON:-.venv/bin/python}

# -z: paths NUL-separated and unquoted, whatever characters they hold.
mapfile -d '' -t changed < <(git diff -z --name-only --diff-filter=AM "$base...HEAD" -- data/)

if [ "${#changed[@]}" -eq 0 ]; then
    echo "data/ 下没有新增或修改的文件 no files added or changed under data/"
    if [ -n "$summary" ]; then
        printf '## 报告校验 Report validation\n\ndata/ 下没有新增或修改的文件 no files added or changed under data/.\n' >>"$summary"
    fi
    exit 0
fi

printf '%s\n' "${changed[@]}"
echo
if [ -n "$summary" ]; then
    exec "$python" -m builder validate --summary "$summary" "${changed[@]}"
fi
exec "$python" -m builder validate "${changed[@]}"
