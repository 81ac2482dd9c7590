#!/usr/bin/env bash
# Upload the dataset files to the GitHub releases the downloads pages link, only those whose bytes changed.
#
#   REPO=owner/name GH_TOKEN=… .github/scripts/upload-releases.sh [RELEASE_DIR]
#
# RELEASE_DIR (default: release) holds a folder per release (data-<year>/), written by
# `python -m builder release-files` with a SHA256SUMS of its files. The release's own SHA256SUMS (this
# script uploads it last, once everything else is in) says what the release holds: a file is uploaded
# only when its line (SHA-256 and name) is not in it (new or changed), or when the release has no asset of
# its name and size (deleted or replaced by hand). An asset the old list names but the
# new one does not (a year since split by province) is deleted, as the downloads pages no longer link
# it. A release without a SHA256SUMS yet (the first run) gets every file. Without an upload that
# finished, the old list stays, and the next run uploads the same files again: never fewer than needed.
set -euo pipefail
export LC_ALL=C   # one byte order for sort and comm

dir=${1:-release}
repo=${REPO:?REPO=owner/name}
sums=SHA256SUMS
shopt -s nullglob   # no dataset files (no reports yet): nothing to upload

for folder in "$dir"/*/; do
  folder=${folder%/}
  tag=$(basename "$folder")
  if [ ! -f "$folder/$sums" ]; then
    echo "::error::$folder 中没有 $sums（由 python -m builder release-files 写出） no $sums in $folder (python -m builder release-files writes it)"
    exit 1
  fi
  # The artifact arrived whole: every file is the one the build summed.
  (cd "$folder" && sha256sum --check --quiet --strict "$sums")

  old=$(mktemp)
  declare -A held=()   # the release's assets: name → bytes
  if listing=$(gh release view "$tag" --repo "$repo" --json assets --jq '.assets[] | "\(.name)\t\(.size)"' 2> /dev/null); then
    while IFS=$'\t' read -r name size; do
      [ -n "$name" ] && held[$name]=$size
    done <<< "$listing"
    # (no SHA256SUMS in the release yet, or it could not be read: an empty list, every file uploaded)
    gh release download "$tag" --repo "$repo" --pattern "$sums" --output "$old" --clobber > /dev/null 2>&1 || : > "$old"
  else
    gh release create "$tag" --repo "$repo" --title "数据文件 $tag" \
      --notes "网站「下载」页链接的数据文件（由 Pages 工作流上传）；$sums 列出各文件的 SHA-256。"
    : > "$old"
  fi

  # sha256sum's lines: 64 hex digits, two spaces, the name (from the 67th character). A file is sent when
  # its line is not in the release's list, or the release lacks it or holds other bytes of it (an asset
  # deleted or replaced by hand since).
  mapfile -t listed < <(sort "$folder/$sums" | comm -13 <(sort "$old") - | cut -c67-)
  declare -A send=()
  for name in "${listed[@]}"; do send[$name]=1; done
  while IFS= read -r name; do
    [ "${held[$name]:-}" = "$(stat -c %s "$folder/$name")" ] || send[$name]=1
  done < <(cut -c67- "$folder/$sums")
  mapfile -t changed < <(printf '%s\n' "${!send[@]}" | grep -v '^$' | sort || true)
  mapfile -t stale < <(comm -23 <(cut -c67- "$old" | sort -u) <(cut -c67- "$folder/$sums" | sort -u) | grep -vx "$sums" || true)
  total=$(wc -l < "$folder/$sums")
  echo "$tag: ${#changed[@]} of $total files new or changed, ${#stale[@]} no longer built"

  if [ "${#changed[@]}" -gt 0 ]; then
    gh release upload "$tag" "${changed[@]/#/$folder/}" --repo "$repo" --clobber
  fi
  for name in "${stale[@]}"; do
    gh release delete-asset "$tag" "$name" --repo "$repo" --yes
  done
  gh release upload "$tag" "$folder/$sums" --repo "$repo" --clobber   # last: what the release now holds
  rm -f "$old"
  unset held send
done
