#!/usr/bin/env bash
# The build trusts its own state (site-build/: the generated docs and kept page parts, written into the site as they are
# (Jinja's compiled templates, which run as code, are in Jinja's own per-user folder since stop 20, not here); the download pieces and
# .cache/ records are MessagePack, data only, and a foreign file there is a miss; site/): it must come from actions/cache or from this build, never from the
# repository, where a pull request could put a file that runs code in the build. Run before `make site`.
set -euo pipefail
tracked=$(git ls-files -- site-build site .cache build)
if [ -n "$tracked" ]; then
  echo "::error::构建状态文件不应提交到仓库 build state is committed to the repository (remove it): $(echo "$tracked" | head -3 | tr '\n' ' ')"
  exit 1
fi
