#!/usr/bin/env bash
# Debian libraries Qt needs even headless. Most desktop and CI images have them;
# install what is missing when we may (root), otherwise say what to install.
set -u
PKGS="libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0"
missing=""
for p in $PKGS; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
command -v dpkg >/dev/null 2>&1 || exit 0   # not Debian: nothing we can check
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "installing Qt system libraries:$missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
  echo "Qt needs these Debian packages, please install them: sudo apt-get install$missing" >&2
fi
