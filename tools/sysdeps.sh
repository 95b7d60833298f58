#!/usr/bin/env bash
# Debian libraries Qt needs: the ones it needs even headless, the xcb ones its X11 platform
# plugin loads on a desktop (without them the window does not start, and Qt's message may
# name a library that is present: libqxcb.so needs all of these), Xvfb for the test of the
# real window, and a Chinese font. Most desktop and CI images have most of them; install
# what is missing when we may (root), otherwise say what to install.
set -u
PKGS="libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0"
PKGS="$PKGS libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0"
PKGS="$PKGS libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-shape0 libxcb-randr0 libxcb-xfixes0"
PKGS="$PKGS libxcb-sync1 libxcb-shm0 libxcb-render0 libxcb-util1 libx11-xcb1"
PKGS="$PKGS xvfb fonts-wqy-microhei"
command -v dpkg >/dev/null 2>&1 || exit 0   # not Debian: nothing we can check
missing=""
for p in $PKGS; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "installing Qt system libraries:$missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "Qt needs these Debian packages, please install them: sudo apt-get install$missing" >&2
fi
