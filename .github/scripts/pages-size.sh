#!/usr/bin/env bash
# Does the built site fit GitHub Pages? Measures what the deploy checks, before deploying.
#
#   .github/scripts/pages-size.sh [SITE_DIR]        (default: site)
#
# actions/upload-pages-artifact makes a tar of the site (the tar command below is its own, with the same
# options) and actions/upload-artifact@v4 uploads it zipped at deflate level 6 (its default); then
# actions/deploy-pages warns when that artifact passes 1 GB (1,073,741,824 bytes) and the deployment may
# fail. So the gate is the artifact: the tar deflated at level 6 (gzip -6 here: the same deflate, a few
# bytes of header apart), over the limit → exit 1. GitHub Pages also documents a published site of at most
# 1 GB: the tree's bytes (every file, as the tar holds them) over it is a warning.
# PAGES_LIMIT_BYTES overrides the limit (tests); GITHUB_STEP_SUMMARY, when set, gets the figures.
set -euo pipefail
export LC_ALL=C

site=${1:-site}
limit=${PAGES_LIMIT_BYTES:-1073741824}
if [ ! -d "$site" ]; then
  echo "::error::没有网站文件夹 no site folder: $site (run make site first)"
  exit 1
fi

artifact=$(tar --dereference --hard-dereference --directory "$site" -cf - --exclude=.git --exclude=.github . \
  | gzip -6 | wc -c)
tree=$(find -L "$site" -type f -not -path '*/.git/*' -not -path '*/.github/*' -printf '%s\n' | awk '{s += $1} END {printf "%d", s}')

mb() { awk -v b="$1" 'BEGIN {printf "%.1f MB", b / 1048576}'; }
echo "Pages artifact (tar, deflate level 6): $artifact bytes ($(mb "$artifact")), limit $limit bytes ($(mb "$limit"))"
echo "site tree: $tree bytes ($(mb "$tree"))"
echo "largest folders (MB):"
du -s --block-size=1M "$site"/* 2>/dev/null | sort -rn | head -8

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  printf '## 网站大小 Site size\n\n| | bytes | MB |\n| --- | ---: | ---: |\n| Pages artifact (tar, deflate 6) | %s | %s |\n| site tree | %s | %s |\n| limit | %s | %s |\n' \
    "$artifact" "$(mb "$artifact")" "$tree" "$(mb "$tree")" "$limit" "$(mb "$limit")" >> "$GITHUB_STEP_SUMMARY"
fi

todo="设置仓库变量 SITE_DOWNLOADS=release（数据文件放到 GitHub 发布中），并检查 SITE_ORIGINALS（原始文件链接到代码仓库）；见 docs/site-size.md set the repository variable SITE_DOWNLOADS=release (dataset files in releases) and check SITE_ORIGINALS (originals linked in the repository); see docs/site-size.md"
status=0
if [ "$tree" -gt "$limit" ]; then
  echo "::warning::网站文件共 $(mb "$tree")，超过 GitHub Pages 网站 1 GB 的上限 The site's files are $(mb "$tree"), over GitHub Pages' 1 GB for a published site: $todo"
fi
if [ "$artifact" -gt "$limit" ]; then
  echo "::error::上传的网站包 $(mb "$artifact")，超过 actions/deploy-pages 检查的 1 GB The Pages artifact is $(mb "$artifact"), over the 1 GB actions/deploy-pages checks: $todo"
  status=1
elif [ "$artifact" -gt $((limit * 9 / 10)) ]; then
  echo "::warning::上传的网站包 $(mb "$artifact")，已超过 1 GB 的九成 The Pages artifact is $(mb "$artifact"), past 90% of 1 GB: $todo"
fi
exit "$status"
